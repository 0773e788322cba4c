package io.lowband.broker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.lowband.broker.Clients.uniqueClientId;
import static io.lowband.broker.Clients.uniqueTopic;
import static io.lowband.broker.TestClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What the server grants an MQTT 5 client and holds it to (issue 13): the keep alive it must keep when it asks for
 * more than the server's maximum (Server Keep Alive), the Receive Maximum its CONNACK states (a send past it is
 * answered with DISCONNECT 0x93), and filters the server never grants, refused with 0x80.
 */
class ClientTermsIntegrationTests {

	private static final int RECEIVE_MAXIMUM = 2;

	private static final String NEVER_GRANTED = "test/nosubscribe";

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(Clients.ANONYMOUS_ALLOWED,
			"--lowband.broker.max-pending-sends=" + RECEIVE_MAXIMUM, "--lowband.broker.max-keep-alive=60s",
			"--lowband.broker.refused-filters=" + NEVER_GRANTED);

	static RunningApp app;

	@BeforeAll
	static void startApp() {
		app = shared.app();
	}

	@Test
	void aClientAskingForALongerKeepAliveIsToldTheServersMaximum() {
		Mqtt5Clients clients = new Mqtt5Clients(app);
		Mqtt5ConnAck longer = await(clients.client(uniqueClientId()).connectWith().keepAlive(120).send());
		Mqtt5ConnAck none = await(clients.client(uniqueClientId()).connectWith().noKeepAlive().send());
		Mqtt5ConnAck shorter = await(clients.client(uniqueClientId()).connectWith().keepAlive(30).send());
		clients.disconnectAll();
		assertThat(longer.getServerKeepAlive()).hasValue(60);
		assertThat(none.getServerKeepAlive()).hasValue(60);
		assertThat(shorter.getServerKeepAlive()).isEmpty();
	}

	@Test
	void aSendPastTheReceiveMaximumIsAnsweredReceiveMaximumExceeded() throws Exception {
		try (RawMqtt5 client = RawMqtt5.connect(app.mqttPort(), uniqueClientId(), 60)) {
			assertThat(client.connAckProperty(0x21)).as("Receive Maximum").isEqualTo(RECEIVE_MAXIMUM);
			String topic = uniqueTopic();
			// QoS 2 exchanges left open: no PUBREL yet, so each still counts when the last one arrives.
			for (int packetId = 1; packetId <= RECEIVE_MAXIMUM; packetId++) {
				client.publish(2, packetId, topic, new byte[] { 1 });
				assertThat(client.next().type()).isEqualTo(RawMqtt5.PUBREC);
			}
			client.publish(2, RECEIVE_MAXIMUM + 1, topic, new byte[] { 1 });
			client.awaitUnread();
			// As the Paho suite's client does, it answers the PUBRECs before it reads the DISCONNECT waiting for it,
			// and goes on for a while: a socket closed at once would answer with a reset, and the next send fails.
			for (int round = 0; round < 10; round++) {
				for (int packetId = 1; packetId <= RECEIVE_MAXIMUM; packetId++) {
					client.pubRel(packetId);
				}
				Thread.sleep(30);
			}
			List<RawMqtt5.Packet> received = new ArrayList<>();
			for (RawMqtt5.Packet packet = client.next(); packet != null; packet = client.next()) {
				received.add(packet);
			}
			assertThat(received).as("everything the broker sent after the last publish, until it closed")
				.extracting(RawMqtt5.Packet::type, RawMqtt5.Packet::firstByte)
				.containsExactly(tuple(RawMqtt5.DISCONNECT, 0x93));
		}
	}

	@Test
	void answeredSendsNoLongerCountAgainstTheReceiveMaximum() throws IOException {
		try (RawMqtt5 client = RawMqtt5.connect(app.mqttPort(), uniqueClientId(), 60)) {
			String topic = uniqueTopic();
			for (int packetId = 1; packetId <= 3 * RECEIVE_MAXIMUM; packetId++) {
				client.publish(2, packetId, topic, new byte[] { 1 });
				assertThat(client.next().type()).isEqualTo(RawMqtt5.PUBREC);
				client.pubRel(packetId);
				assertThat(client.next().type()).isEqualTo(RawMqtt5.PUBCOMP);
				client.publish(1, 1000 + packetId, topic, new byte[] { 1 });
				assertThat(client.next().type()).isEqualTo(RawMqtt5.PUBACK);
			}
		}
	}

	@Test
	void aFilterTheServerNeverGrantsIsRefusedWithoutAReason() throws IOException {
		try (RawMqtt5 client = RawMqtt5.connect(app.mqttPort(), uniqueClientId(), 60)) {
			client.subscribe(1, NEVER_GRANTED, 1, 0);
			assertThat(lastByte(client.next(RawMqtt5.SUBACK))).as("Unspecified error").isEqualTo(0x80);
			client.subscribe(2, NEVER_GRANTED + "/below", 1, 0);
			assertThat(lastByte(client.next(RawMqtt5.SUBACK))).as("Granted QoS 1").isEqualTo(1);
		}
	}

	@Test
	void aFilterTheServerNeverGrantsIsRefusedOnMqtt3() {
		try (TestClient client = new Clients(app).client(Protocol.MQTT_3_1_1, Transport.TCP)) {
			client.connect();
			assertThatThrownBy(() -> client.subscribe(NEVER_GRANTED, 1)).hasMessageContaining("Error Codes");
		}
	}

	/** A SUBACK for one filter: its one reason code. */
	private static int lastByte(RawMqtt5.Packet packet) {
		return packet.body()[packet.body().length - 1] & 0xFF;
	}

}
