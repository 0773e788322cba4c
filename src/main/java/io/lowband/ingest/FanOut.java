package io.lowband.ingest;

import java.util.Map;

import io.lowband.chat.ChatTopics;
import io.lowband.chat.InboxEvent;
import io.lowband.chat.MessageStored;
import io.lowband.chat.DeliveryMarkerMoved;
import io.lowband.chat.ReadMarkerMoved;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.stereotype.Component;

/**
 * Publishes what the chat stored and what it tells users. Listeners run on the thread that published the event: for
 * stored messages, the writer that owns the room, after the commit, so a room's messages leave in seq order.
 */
@Component
class FanOut {

	private final MessageChannel channel;

	private static final Logger log = LoggerFactory.getLogger(FanOut.class);

	private final ObjectMapper json;

	private final MeterRegistry meters;

	FanOut(@Qualifier(IngestConfiguration.FAN_OUT_CHANNEL) MessageChannel channel, ObjectMapper json,
			MeterRegistry meters) {
		this.channel = channel;
		this.json = json;
		this.meters = meters;
		meters.counter("lowband.fanout.failed"); // shown as 0 from the start, not as missing
	}

	@EventListener
	void on(MessageStored stored) {
		publish(ChatTopics.messages(stored.message().room()), stored.message(), "message");
	}

	@EventListener
	void on(ReadMarkerMoved read) {
		publish(ChatTopics.receipts(read.roomId()), Map.of("type", "read", "user", read.username(), "seq", read.seq()),
				"receipt");
	}

	@EventListener
	void on(DeliveryMarkerMoved delivered) {
		publish(ChatTopics.receipts(delivered.roomId()),
				Map.of("type", "delivered", "user", delivered.username(), "seq", delivered.seq()), "receipt");
	}

	@EventListener
	void on(InboxEvent event) {
		if ("messages".equals(event.body().get("type"))) {
			meters.counter("lowband.catchup.pages").increment();
		}
		publish(ChatTopics.inbox(event.username()), event.body(), "inbox");
	}

	/**
	 * A failed publish must not fail the store that caused it: the message is in MongoDB, and clients repair the
	 * gap by seq. On an external broker, Paho buffers publishes while the connection is down.
	 */
	private void publish(String topic, Object payload, String kind) {
		meters.counter("lowband.fanout.published", "kind", kind).increment();
		try {
			channel.send(MessageBuilder.withPayload(json.writeValueAsBytes(payload))
				.setHeader(MqttHeaders.TOPIC, topic)
				.setHeader(MqttHeaders.QOS, 1)
				.build());
		}
		catch (MessagingException ex) {
			meters.counter("lowband.fanout.failed").increment();
			log.warn("Could not publish on {}: {}", topic, ex.getMostSpecificCause().toString());
		}
	}

}
