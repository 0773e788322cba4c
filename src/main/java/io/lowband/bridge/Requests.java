package io.lowband.bridge;

import java.util.LinkedHashMap;
import java.util.Map;

import io.lowband.chat.CatchUp;
import io.lowband.chat.ChatRejected;
import io.lowband.chat.History;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;

/**
 * Requests a client makes over MQTT besides sending: catch-up ({@code users/{me}/sync}) and read markers
 * ({@code rooms/{roomId}/read/{me}}). The broker only lets a user publish on their own topics, so the username in
 * the topic is the requester. Bad requests are counted, logged once and dropped; they never stop the flow.
 */
@Component
class Requests {

	private static final Logger log = LoggerFactory.getLogger(Requests.class);

	private final CatchUp catchUp;

	private final History history;

	private final ObjectMapper json;

	private final MeterRegistry meters;

	Requests(CatchUp catchUp, History history, ObjectMapper json, MeterRegistry meters) {
		this.catchUp = catchUp;
		this.history = history;
		this.json = json;
		this.meters = meters;
	}

	public void accept(Message<byte[]> message) {
		String[] topic = String.valueOf(message.getHeaders().get(MqttHeaders.RECEIVED_TOPIC, String.class)).split("/");
		try {
			JsonNode request = json.readTree(message.getPayload());
			if (topic.length == 3 && topic[0].equals("users") && topic[2].equals("sync")) {
				catchUp.sync(topic[1], heldSeqs(request.get("rooms")));
			}
			else if (topic.length == 4 && topic[0].equals("rooms") && topic[2].equals("read")
					&& request.path("seq").canConvertToLong()) {
				history.markRead(topic[1], topic[3], request.get("seq").asLong());
			}
			else {
				drop(topic, "unknown request");
			}
		}
		catch (JacksonException | ChatRejected | ClassCastException ex) {
			drop(topic, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
		Acks.acknowledge(message);
	}

	private static Map<String, Long> heldSeqs(JsonNode rooms) {
		Map<String, Long> held = new LinkedHashMap<>();
		if (rooms != null && rooms.isObject()) {
			rooms.properties().forEach((e) -> {
				if (e.getValue().canConvertToLong()) {
					held.put(e.getKey(), e.getValue().asLong());
				}
			});
		}
		return held;
	}

	private void drop(String[] topic, String why) {
		meters.counter("lowband.bridge.rejected", "reason", "bad-request").increment();
		log.warn("Dropped a request on {}: {}", String.join("/", topic), why);
	}

}
