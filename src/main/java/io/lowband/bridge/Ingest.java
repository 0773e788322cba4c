package io.lowband.bridge;

import java.util.LinkedHashMap;
import java.util.Map;

import io.lowband.chat.ChatRejected;
import io.lowband.chat.ChatTopics;
import io.lowband.chat.InboxEvent;
import io.lowband.chat.MessageLog;
import io.lowband.chat.Rejection;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Takes one send off the broker and hands it to the chat. The broker gets its acknowledgement only after the
 * message is stored (or refused for good), so a crash before that makes the broker deliver it again; the chat
 * recognises the client id and stores it once.
 */
@Component
class Ingest {

	private static final Logger log = LoggerFactory.getLogger(Ingest.class);

	private final MessageLog messages;

	private final ApplicationEventPublisher events;

	private final ObjectMapper json;

	private final MeterRegistry meters;

	private final Activity activity;

	private final StoreConfirmations confirmations;

	private final BridgeReconnector reconnector;

	Ingest(MessageLog messages, ApplicationEventPublisher events, ObjectMapper json, MeterRegistry meters,
			Activity activity, StoreConfirmations confirmations, BridgeReconnector reconnector) {
		this.reconnector = reconnector;
		this.activity = activity;
		this.confirmations = confirmations;
		this.messages = messages;
		this.events = events;
		this.json = json;
		this.meters = meters;
	}

	public void accept(Message<byte[]> message) {
		activity.touch();
		String topic = message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class);
		try {
			ChatTopics.parseInbound(String.valueOf(topic)).ifPresentOrElse((to) -> store(to, message.getPayload()),
					() -> log.warn("Ignored a message on {}: not a send topic", topic));
		}
		catch (RuntimeException ex) {
			// Left unacknowledged. Over MQTT 5 the broker delivers it again only on a new connection, so ask for one.
			log.warn("Could not store a send on {} ({}); it will be delivered again", topic, ex.toString());
			reconnector.redeliverUnacknowledged();
			return;
		}
		Acks.acknowledge(message);
	}

	private void store(ChatTopics.Inbound to, byte[] payload) {
		String clientId = null;
		try {
			JsonNode send = json.readTree(payload);
			if (!send.isObject()) {
				throw new ChatRejected(Rejection.MALFORMED);
			}
			clientId = textOrNull(send.get("id"));
			messages.send(to.roomId(), to.username(), clientId, textOrNull(send.get("body")));
			confirmations.settle(to.roomId(), to.username(), clientId);
		}
		catch (JacksonException ex) {
			reject(to, null, new ChatRejected(Rejection.MALFORMED));
		}
		catch (ChatRejected ex) {
			reject(to, clientId, ex);
			confirmations.settle(to.roomId(), to.username(), clientId);
		}
	}

	private void reject(ChatTopics.Inbound to, String clientId, ChatRejected rejected) {
		meters.counter("lowband.bridge.rejected", "reason", rejected.rejection().code()).increment();
		log.warn("Rejected a send from {} to room {} (id {}): {}", to.username(), to.roomId(), clientId,
				rejected.rejection().code());
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "rejected");
		event.put("room", to.roomId());
		event.put("id", clientId);
		event.put("reason", rejected.rejection().code());
		event.put("detail", rejected.getMessage());
		events.publishEvent(new InboxEvent(to.username(), event));
	}

	private static String textOrNull(JsonNode node) {
		return (node == null || !node.isString()) ? null : node.asString();
	}

}
