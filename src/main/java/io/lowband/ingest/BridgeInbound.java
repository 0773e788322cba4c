package io.lowband.ingest;

import io.lowband.chat.ChatRejected;
import io.lowband.chat.ChatTopics;
import io.lowband.chat.Draft;
import io.lowband.chat.InboxEvent;
import io.lowband.chat.SendQueue;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.ObjectMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;

/**
 * What the bridge receives from an external broker, handed to the same writers and request threads as the edge's.
 * A send is acknowledged to the broker once it is stored or refused for good; one that could not be stored stays
 * unacknowledged, and the bridge reconnects so that the broker delivers it again (MQTT 5 brokers redeliver only on
 * a new connection); the chat recognises what it stored before.
 */
class BridgeInbound {

	private final SendQueue sends;

	private final Requests requests;

	private final ObjectMapper json;

	private final ApplicationEventPublisher events;

	private final BridgeReconnector reconnector;

	private final MeterRegistry meters;

	BridgeInbound(SendQueue sends, Requests requests, ObjectMapper json, ApplicationEventPublisher events,
			BridgeReconnector reconnector, MeterRegistry meters) {
		this.sends = sends;
		this.requests = requests;
		this.json = json;
		this.events = events;
		this.reconnector = reconnector;
		this.meters = meters;
	}

	public void send(Message<byte[]> message) {
		ChatTopics.Inbound to = ChatTopics.parseInbound(topicOf(message)).orElse(null);
		if (to == null) {
			Acks.acknowledge(message);
			return;
		}
		Draft draft;
		try {
			draft = SendPayloads.draft(json, to.roomId(), to.username(), message.getPayload());
		}
		catch (ChatRejected malformed) {
			meters.counter("lowband.ingest.rejected", "reason", malformed.rejection().code()).increment();
			events.publishEvent(InboxEvent.rejected(to.username(), to.roomId(), null, malformed));
			Acks.acknowledge(message);
			return;
		}
		sends.submit(draft).whenComplete((outcome, failure) -> {
			if (failure == null) {
				Acks.acknowledge(message);
			}
			else {
				reconnector.redeliverUnacknowledged();
			}
		});
	}

	public void request(Message<byte[]> message) {
		requests.accept(topicOf(message), message.getPayload());
		Acks.acknowledge(message);
	}

	private static String topicOf(Message<?> message) {
		return String.valueOf(message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class));
	}

}
