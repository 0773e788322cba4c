package io.lowband.broker;

import java.util.List;
import java.util.stream.Stream;

import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.lowband.broker.Clients.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

/** Publish and subscribe through the embedded broker, as 3.1.1 and 5 clients over TCP and WebSocket. */
class MessageDeliveryIntegrationTests {

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(Clients.ANONYMOUS_ALLOWED);

	static RunningApp app;

	static Clients clients;

	@BeforeAll
	static void startApp() {
		app = shared.app();
		clients = new Clients(app);
	}

	static Stream<Arguments> everyKindAtEachQos() {
		return Clients.everyKindAt(0, 1, 2);
	}

	@ParameterizedTest(name = "{0} over {1} at QoS {2}")
	@MethodSource("everyKindAtEachQos")
	void aSubscriberReceivesEachPublishOnceWithItsExactPayloadAndQos(Protocol protocol, Transport transport, int qos) {
		String topic = uniqueTopic();
		byte[] payload = everyByteValue();
		try (TestClient subscriber = client(protocol, transport); TestClient publisher = client(protocol, transport)) {
			subscriber.connect();
			subscriber.subscribe(topic, 2);
			publisher.connect();
			publisher.publish(topic, payload, qos, false);
			publisher.publish(topic, "end", qos, false);

			List<Received> received = subscriber.messagesUntil("end");
			assertThat(received).hasSize(2);
			assertThat(received.get(0).topic()).isEqualTo(topic);
			assertThat(received.get(0).payload()).isEqualTo(payload);
			assertThat(received.get(0).qos()).isEqualTo(qos);
			assertThat(received.get(0).retained()).isFalse();
		}
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("io.lowband.broker.Clients#everyKind")
	void aSubscriptionsQosCapsTheDeliveryQos(Protocol protocol, Transport transport) {
		String topic = uniqueTopic();
		try (TestClient subscriber = client(protocol, transport); TestClient publisher = client(protocol, transport)) {
			subscriber.connect();
			subscriber.subscribe(topic, 0);
			publisher.connect();
			publisher.publish(topic, "hello", 2, false);

			Received received = subscriber.nextMessage();
			assertThat(received.text()).isEqualTo("hello");
			assertThat(received.qos()).isZero();
		}
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("io.lowband.broker.Clients#everyKind")
	void aSingleLevelWildcardMatchesExactlyOneLevel(Protocol protocol, Transport transport) {
		assertThat(receivedThrough(protocol, transport, "rooms/+/messages", "rooms/r1/messages", "rooms/r1/typing",
				"rooms/r1/x/messages", "rooms/messages", "rooms/r2/messages", "other/r1/messages", "rooms//messages",
				"rooms/end/messages"))
			.containsExactlyInAnyOrder("rooms/r1/messages", "rooms/r2/messages", "rooms//messages",
					"rooms/end/messages");
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("io.lowband.broker.Clients#everyKind")
	void aMultiLevelWildcardMatchesTheParentAndEveryLevelBelow(Protocol protocol, Transport transport) {
		assertThat(receivedThrough(protocol, transport, "rooms/r1/#", "rooms/r1", "rooms/r1/messages",
				"rooms/r10/messages", "rooms/r1/a/b/c", "rooms", "rooms/r2/messages", "other/r1/messages",
				"rooms/r1/end"))
			.containsExactlyInAnyOrder("rooms/r1", "rooms/r1/messages", "rooms/r1/a/b/c", "rooms/r1/end");
	}

	/**
	 * Subscribes to {@code filter}, publishes one message to each topic (its payload is its topic), and returns the
	 * payloads received up to the last topic's, which must match: the broker delivers a client's QoS 1 publishes in
	 * order, so anything wrongly matched would have arrived before it.
	 */
	private static List<String> receivedThrough(Protocol protocol, Transport transport, String filter,
			String... topics) {
		String base = uniqueTopic() + "/";
		try (TestClient subscriber = client(protocol, transport); TestClient publisher = client(protocol, transport)) {
			subscriber.connect();
			subscriber.subscribe(base + filter, 1);
			publisher.connect();
			for (String topic : topics) {
				publisher.publish(base + topic, topic, 1, false);
			}
			return subscriber.messagesUntil(topics[topics.length - 1]).stream().map(Received::text).toList();
		}
	}

	static TestClient client(Protocol protocol, Transport transport) {
		return clients.client(protocol, transport);
	}

	private static byte[] everyByteValue() {
		byte[] bytes = new byte[256];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) i;
		}
		return bytes;
	}

}
