package io.lowband.broker;

import java.util.ArrayList;
import java.util.List;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import io.lowband.testing.RunningApp;

import static io.lowband.broker.TestClient.await;

/**
 * HiveMQ MQTT 5 clients as they are, for tests that need what {@link TestClient} hides (CONNECT and CONNACK
 * properties, DISCONNECT properties); {@link #disconnectAll} ends every one still connected.
 */
final class Mqtt5Clients {

	private final int port;

	private final List<Mqtt5AsyncClient> opened = new ArrayList<>();

	Mqtt5Clients(RunningApp app) {
		this.port = app.mqttPort();
	}

	/** A client over TCP, not connected yet. */
	Mqtt5AsyncClient client(String clientId) {
		Mqtt5AsyncClient client = TestClient.builder(clientId, Transport.TCP, port).useMqttVersion5().buildAsync();
		opened.add(client);
		return client;
	}

	void disconnectAll() {
		opened.stream().filter((c) -> c.getState().isConnected()).forEach((c) -> await(c.disconnect()));
	}

}
