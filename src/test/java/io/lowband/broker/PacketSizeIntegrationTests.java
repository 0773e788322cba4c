package io.lowband.broker;

import java.io.IOException;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
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

/**
 * The server's packet size limit (issue 13, defect 7): an MQTT 5 CONNACK states it as Maximum Packet Size, and a
 * larger packet is answered with DISCONNECT 0x95 (Packet too large) before the connection closes; MQTT 3.1.1 has
 * no such answer, its connection just closes.
 */
class PacketSizeIntegrationTests {

	private static final int MAX_BYTES = 2048;

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(Clients.ANONYMOUS_ALLOWED,
			"--lowband.broker.max-message-bytes=" + MAX_BYTES);

	static RunningApp app;

	@BeforeAll
	static void startApp() {
		app = shared.app();
	}

	@Test
	void theConnAckStatesTheServersMaximumPacketSize() {
		Mqtt5Clients clients = new Mqtt5Clients(app);
		Mqtt5AsyncClient client = clients.client(uniqueClientId());
		Mqtt5ConnAck ack = await(client.connect());
		clients.disconnectAll();
		assertThat(ack.getRestrictions().getMaximumPacketSize()).isEqualTo(MAX_BYTES);
	}

	@Test
	void anOversizedPacketIsAnsweredPacketTooLargeOnMqtt5() throws Exception {
		try (RawMqttConnection raw = RawMqttConnection.connect(app.mqttPort(), Protocol.MQTT_5, uniqueClientId(), 60,
				new Will(uniqueTopic(), "gone", 0))) {
			raw.publish(Protocol.MQTT_5, uniqueTopic(), 2 * MAX_BYTES);
			// A client that goes on sending before it reads the DISCONNECT is not reset (see Farewell): its sends
			// would fail with a broken pipe.
			for (int i = 0; i < 10; i++) {
				raw.publish(Protocol.MQTT_5, uniqueTopic(), 1);
				Thread.sleep(30);
			}
			assertThat(raw.nextPacket()).as("DISCONNECT (0xE0) with reason 0x95").containsExactly(0xE0, 0x95);
			assertThat(raw.nextPacket()[0]).as("closed").isEqualTo(-1);
		}
	}

	@Test
	void anOversizedPacketClosesAnMqtt3Connection() throws IOException {
		try (RawMqttConnection raw = RawMqttConnection.connect(app.mqttPort(), Protocol.MQTT_3_1_1, uniqueClientId(),
				60, new Will(uniqueTopic(), "gone", 0))) {
			raw.publish(Protocol.MQTT_3_1_1, uniqueTopic(), 2 * MAX_BYTES);
			assertThat(raw.nextPacket()[0]).as("closed").isEqualTo(-1);
		}
	}

}
