package io.lowband.bridge;

import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.acks.SimpleAcknowledgment;
import org.springframework.messaging.Message;

/** Acknowledges an inbound MQTT message to the broker; the adapters run with manual acks. */
final class Acks {

	private Acks() {
	}

	static void acknowledge(Message<?> message) {
		SimpleAcknowledgment ack = message.getHeaders()
			.get(IntegrationMessageHeaderAccessor.ACKNOWLEDGMENT_CALLBACK, SimpleAcknowledgment.class);
		if (ack != null) {
			ack.acknowledge();
		}
	}

}
