package io.lowband.broker;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.lowband.broker.Clients.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retained messages: the last one on a topic reaches whoever subscribes later, at QoS 0 as well as QoS 1
 * (Moquette alone forgets QoS 0 ones; {@link RetainedQos0} keeps them), until an empty one clears it.
 */
class RetainedMessageIntegrationTests {

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(Clients.ANONYMOUS_ALLOWED);

	static RunningApp app;

	static Clients clients;

	@BeforeAll
	static void startApp() {
		app = shared.app();
		clients = new Clients(app);
	}

	static Stream<Arguments> everyKindAtQos0And1() {
		return Clients.everyKindAt(0, 1);
	}

	@ParameterizedTest(name = "{0} over {1} at QoS {2}")
	@MethodSource("everyKindAtQos0And1")
	void aLateSubscriberReceivesTheRetainedMessage(Protocol protocol, Transport transport, int qos) {
		String topic = uniqueTopic();
		publishRetained(protocol, transport, topic, "online", qos);

		try (TestClient late = clients.client(protocol, transport)) {
			late.connect();
			late.subscribe(topic, 1);
			Received received = late.nextMessage();
			assertThat(received.text()).isEqualTo("online");
			assertThat(received.qos()).isEqualTo(qos);
			assertThat(received.retained()).isTrue();
		}
	}

	@ParameterizedTest(name = "QoS {0} then QoS {1}")
	@MethodSource("qosPairs")
	void theLastRetainedMessageReplacesTheOneBefore(int firstQos, int secondQos) {
		String topic = uniqueTopic();
		publishRetained(Protocol.MQTT_5, Transport.TCP, topic, "away", firstQos);
		publishRetained(Protocol.MQTT_5, Transport.TCP, topic, "online", secondQos);

		assertThat(lateSubscriberSees(topic)).isEqualTo("online");
	}

	static Stream<Arguments> qosPairs() {
		return Stream.of(Arguments.of(0, 0), Arguments.of(0, 1), Arguments.of(1, 0), Arguments.of(1, 1));
	}

	@Test
	void retainedMessagesPublishedBackToBackLeaveTheLastOne() {
		String base = uniqueTopic();
		try (TestClient publisher = clients.client(Protocol.MQTT_5, Transport.TCP)) {
			publisher.connect();
			for (int i = 0; i < 50; i++) {
				publisher.publish(base + "/presence/" + i, "away", 0, true);
				publisher.publish(base + "/presence/" + i, "online", 1, true);
				publisher.publish(base + "/typing/" + i, "typing", 0, true);
				publisher.publish(base + "/typing/" + i, "", 1, true);
			}
			// The broker handles one client's publishes in order: once this one is retained, so are those before.
			publisher.publish(base + "/done", "done", 0, true);
			await().atMost(TestClient.WAIT)
				.untilAsserted(() -> assertThat(lateSubscriberSees(base + "/done")).isEqualTo("done"));
		}

		try (TestClient late = clients.client(Protocol.MQTT_5, Transport.TCP);
				TestClient publisher = clients.client(Protocol.MQTT_5, Transport.TCP)) {
			late.connect();
			late.subscribe(base + "/+/+", 1);
			publisher.connect();
			publisher.publish(base + "/end/now", "end", 1, false);
			assertThat(late.messagesUntil("end")).map(Received::text)
				.hasSize(51)
				.containsOnly("online", "end");
		}
	}

	@ParameterizedTest(name = "cleared at QoS {0}")
	@ValueSource(ints = { 0, 1 })
	void anEmptyRetainedMessageClearsTheRetainedMessage(int qos) {
		String topic = uniqueTopic();
		publishRetained(Protocol.MQTT_5, Transport.TCP, topic, "online", 1);
		publishRetained(Protocol.MQTT_5, Transport.TCP, topic, "", qos);

		assertThat(lateSubscriberSees(topic)).isEqualTo("not retained");
	}

	@ParameterizedTest(name = "QoS {0}")
	@ValueSource(ints = { 0, 1 })
	void aMessageTheServerRetainsReachesALateSubscriber(int qos) {
		String topic = uniqueTopic();
		app.broker().publish(topic, "maintenance at noon".getBytes(StandardCharsets.UTF_8), qos, true);

		assertThat(lateSubscriberSees(topic)).isEqualTo("maintenance at noon");
	}

	/**
	 * Publishes a retained message and waits until a subscriber that was already there has it: a QoS 0 publish
	 * has no acknowledgement, and a later subscriber must not race the broker.
	 */
	private static void publishRetained(Protocol protocol, Transport transport, String topic, String payload, int qos) {
		try (TestClient publisher = clients.client(protocol, transport);
				TestClient witness = clients.client(protocol, transport)) {
			witness.connect();
			witness.subscribe(topic, 1);
			publisher.connect();
			publisher.publish(topic, payload, qos, true);
			witness.messagesUntil(payload);
		}
	}

	/**
	 * What a new subscriber receives first: the retained message, or else a plain message published after it
	 * subscribed ("not retained").
	 */
	private static String lateSubscriberSees(String topic) {
		try (TestClient late = clients.client(Protocol.MQTT_5, Transport.TCP);
				TestClient publisher = clients.client(Protocol.MQTT_5, Transport.TCP)) {
			late.connect();
			late.subscribe(topic, 1);
			publisher.connect();
			publisher.publish(topic, "not retained", 1, false);
			return late.nextMessage().text();
		}
	}

}
