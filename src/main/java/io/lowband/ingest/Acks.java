package io.lowband.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.acks.SimpleAcknowledgment;
import org.springframework.messaging.Message;

/** Acknowledges an inbound MQTT message to the broker; the adapters run with manual acks. */
final class Acks {

	private static final Logger log = LoggerFactory.getLogger(Acks.class);

	private Acks() {
	}

	static void acknowledge(Message<?> message) {
		SimpleAcknowledgment ack = message.getHeaders()
			.get(IntegrationMessageHeaderAccessor.ACKNOWLEDGMENT_CALLBACK, SimpleAcknowledgment.class);
		if (ack == null) {
			return;
		}
		try {
			ack.acknowledge();
		}
		catch (RuntimeException ex) {
			// The client it came on was replaced (Paho then fails with an NPE or an IllegalStateException); the broker
			// delivers it again on the new connection, and it is recognised.
			log.debug("Could not acknowledge a message on a closed connection", ex);
		}
	}

}
