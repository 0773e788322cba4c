package io.lowband.chat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends are taken at the broker's edge whatever their QoS: QoS 0 is stored without an answer, QoS 1 answered with
 * PUBACK and QoS 2 with PUBREC/PUBCOMP once stored, and a refusal's MQTT 5 reason code says why.
 */
class EdgeIntakeIntegrationTests {

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(ChatApi.FAST_SIGN_IN);

	@Test
	void sendsAtEveryQosAreStoredOnceAndRefusalsSayWhy() throws Exception {
		RunningApp app = shared.app();
		ChatApi api = new ChatApi(app);
		ChatUser alice = api.newUser("alice");
		ChatUser carol = api.newUser("carol");
		String room = api.createRoom(alice);
		Mqtt5AsyncClient client = MqttClient.builder()
			.useMqttVersion5()
			.serverHost("127.0.0.1")
			.serverPort(app.mqttPort())
			.simpleAuth()
			.username(alice.username())
			.password(alice.token().getBytes(StandardCharsets.UTF_8))
			.applySimpleAuth()
			.buildAsync();
		client.connect().get(10, TimeUnit.SECONDS);
		try {
			String topic = ChatTopics.inbound(room, alice.username());
			publish(client, topic, MqttQos.AT_MOST_ONCE, "{\"id\":\"qos0-000001\",\"body\":\"at most once\"}");
			publish(client, topic, MqttQos.EXACTLY_ONCE, "{\"id\":\"qos2-000001\",\"body\":\"exactly once\"}")
				.get(10, TimeUnit.SECONDS);
			// The same id again, at QoS 2: answered, not stored twice.
			publish(client, topic, MqttQos.EXACTLY_ONCE, "{\"id\":\"qos2-000001\",\"body\":\"exactly once\"}")
				.get(10, TimeUnit.SECONDS);
			publish(client, topic, MqttQos.AT_LEAST_ONCE, "{\"id\":\"qos1-000001\",\"body\":\"at least once\"}")
				.get(10, TimeUnit.SECONDS);

			assertThat(reasonOf(publish(client, topic, MqttQos.AT_LEAST_ONCE, "not json")))
				.isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
			assertThat(reasonOf(publish(client, topic, MqttQos.AT_LEAST_ONCE, "{\"id\":\"short\",\"body\":\"x\"}")))
				.isEqualTo(Mqtt5PubAckReasonCode.PAYLOAD_FORMAT_INVALID);
			String strangersRoom = api.createRoom(carol);
			assertThat(reasonOf(publish(client, ChatTopics.inbound(strangersRoom, alice.username()),
					MqttQos.AT_LEAST_ONCE, "{\"id\":\"intruder-01\",\"body\":\"hi\"}")))
				.isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
		}
		finally {
			client.disconnect().get(10, TimeUnit.SECONDS);
		}
		List<JsonNode> history = api.history(alice, room);
		assertThat(history).extracting((m) -> m.get("id").asString())
			.containsExactly("qos0-000001", "qos2-000001", "qos1-000001");
		assertThat(history).extracting((m) -> m.get("seq").asLong()).containsExactly(1L, 2L, 3L);
		assertThat(api.history(carol, api.createRoom(carol))).isEmpty();
	}

	private static CompletableFuture<Mqtt5PublishResult> publish(Mqtt5AsyncClient client, String topic, MqttQos qos,
			String payload) {
		return client.publishWith().topic(topic).qos(qos).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
	}

	private static Mqtt5PubAckReasonCode reasonOf(CompletableFuture<Mqtt5PublishResult> publish) {
		return (Mqtt5PubAckReasonCode) catchPubAck(publish).getMqttMessage().getReasonCode();
	}

	private static Mqtt5PubAckException catchPubAck(CompletableFuture<Mqtt5PublishResult> publish) {
		try {
			publish.get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			if (ex.getCause() instanceof Mqtt5PubAckException refused) {
				return refused;
			}
			throw new AssertionError("expected a PUBACK with an error code", ex);
		}
		throw new AssertionError("expected a PUBACK with an error code, got success");
	}

}
