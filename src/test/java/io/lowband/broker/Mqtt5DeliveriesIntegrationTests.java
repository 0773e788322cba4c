package io.lowband.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.lowband.broker.Clients.uniqueClientId;
import static io.lowband.broker.Clients.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an MQTT 5 client receives, shaped by what its CONNECT and its subscriptions say (issue 13): never a packet
 * larger than its Maximum Packet Size (defect 7, the client's side), topic aliases when it accepts them, and one copy
 * of a message that matches several of its subscriptions, with all their identifiers (defect 9).
 */
class Mqtt5DeliveriesIntegrationTests {

	private static final int MAX_PACKET = 64;

	/** More than Moquette's in-flight window per session (Session.INFLIGHT_WINDOW_SIZE, 10). */
	private static final int MORE_THAN_IN_FLIGHT = 12;

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(Clients.ANONYMOUS_ALLOWED);

	static RunningApp app;

	@BeforeAll
	static void startApp() {
		app = shared.app();
	}

	@Test
	void aMessageLargerThanTheClientsMaximumPacketSizeIsNotSentToIt() throws IOException {
		String topic = uniqueTopic();
		try (RawMqtt5 small = RawMqtt5.connect(app.mqttPort(), uniqueClientId(), 60, RawMqtt5.MAXIMUM_PACKET_SIZE, 0,
				0, 0, MAX_PACKET); RawMqtt5 sender = RawMqtt5.connect(app.mqttPort(), uniqueClientId(), 60)) {
			small.subscribe(1, topic, 2, 0);
			assertThat(small.next().type()).isEqualTo(RawMqtt5.SUBACK);
			int packetId = 1;
			for (int qos = 0; qos <= 2; qos++) {
				// Enough at QoS 1 and 2 to fill Moquette's in-flight window, were they not settled as if sent.
				for (int i = 0; i < MORE_THAN_IN_FLIGHT; i++) {
					sender.publish(qos, packetId++, topic, bytes(MAX_PACKET, "big"));
				}
			}
			sender.publish(1, packetId, topic, "small".getBytes(StandardCharsets.UTF_8));
			RawMqtt5.Publish first = small.nextPublish();
			assertThat(new String(first.payload(), StandardCharsets.UTF_8)).isEqualTo("small");
		}
	}

	@Test
	void aClientThatAcceptsTopicAliasesGetsThem() throws IOException {
		String topic = uniqueTopic();
		try (RawMqtt5 client = RawMqtt5.connect(app.mqttPort(), uniqueClientId(), 60, RawMqtt5.TOPIC_ALIAS_MAXIMUM, 0,
				1)) {
			client.subscribe(1, topic, 1, 0);
			assertThat(client.next().type()).isEqualTo(RawMqtt5.SUBACK);
			for (int i = 1; i <= 3; i++) {
				client.publish(1, 100 + i, topic, bytes(1, "m" + i));
			}
			RawMqtt5.Publish first = client.nextPublish();
			RawMqtt5.Publish second = client.nextPublish();
			RawMqtt5.Publish third = client.nextPublish();
			assertThat(first.topic()).isEqualTo(topic);
			assertThat(first.topicAlias()).isPositive();
			assertThat(Arrays.asList(second.topic(), third.topic())).containsOnly("");
			assertThat(Arrays.asList(second.topicAlias(), third.topicAlias())).containsOnly(first.topicAlias());
		}
	}

	@Test
	void aClientThatDoesNotAcceptTopicAliasesGetsNone() throws IOException {
		String topic = uniqueTopic();
		try (RawMqtt5 client = RawMqtt5.connect(app.mqttPort(), uniqueClientId(), 60)) {
			client.subscribe(1, topic, 1, 0);
			assertThat(client.next().type()).isEqualTo(RawMqtt5.SUBACK);
			client.publish(1, 101, topic, bytes(1, "m1"));
			client.publish(1, 102, topic, bytes(1, "m2"));
			assertThat(client.nextPublish().topicAlias()).isNull();
			RawMqtt5.Publish second = client.nextPublish();
			assertThat(second.topicAlias()).isNull();
			assertThat(second.topic()).isEqualTo(topic);
		}
	}

	@Test
	void overlappingSubscriptionsGiveOneCopyWithAllTheirIdentifiers() throws IOException {
		String topic = uniqueTopic();
		try (RawMqtt5 client = RawMqtt5.connect(app.mqttPort(), uniqueClientId(), 60)) {
			client.subscribe(1, topic, 2, 2);
			assertThat(client.next().type()).isEqualTo(RawMqtt5.SUBACK);
			client.subscribe(2, topic + "/#", 2, 3);
			assertThat(client.next().type()).isEqualTo(RawMqtt5.SUBACK);
			client.subscribe(3, topic + "/+/x", 2, 4);
			assertThat(client.next().type()).isEqualTo(RawMqtt5.SUBACK);
			client.publish(1, 101, topic, bytes(1, "both"));
			assertThat(client.nextPublish().subscriptionIds()).containsExactlyInAnyOrder(2, 3);

			client.unsubscribe(4, topic + "/#");
			client.publish(1, 102, topic, bytes(1, "one"));
			RawMqtt5.Publish afterUnsubscribe = client.nextPublish();
			assertThat(new String(afterUnsubscribe.payload(), StandardCharsets.UTF_8)).isEqualTo("one");
			assertThat(afterUnsubscribe.subscriptionIds()).containsExactly(2);
		}
	}

	/** A payload of at least {@code size} bytes that starts with {@code text}. */
	private static byte[] bytes(int size, String text) {
		byte[] start = text.getBytes(StandardCharsets.UTF_8);
		return Arrays.copyOf(start, Math.max(size, start.length));
	}

}
