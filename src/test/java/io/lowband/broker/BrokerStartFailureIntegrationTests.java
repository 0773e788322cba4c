package io.lowband.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A port that is already taken stops start-up with one sentence that names it and the setting to change. */
class BrokerStartFailureIntegrationTests {

	@TempDir
	Path dataDir;

	@Test
	void aTakenMqttPortStopsStartUpNamingThePortAndItsSetting() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();

			assertThatThrownBy(() -> RunningApp.start(dataDir, Clients.ANONYMOUS_ALLOWED, "--lowband.broker.port=" + port).close())
				.hasStackTraceContaining(
						"MQTT port " + port + " on 127.0.0.1 is already in use (set by lowband.broker.port)");
		}
	}

	@Test
	void aTakenWebSocketPortStopsStartUpAndReleasesTheMqttPort() throws IOException {
		int mqttPort = freePort();
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			int port = taken.getLocalPort();

			assertThatThrownBy(() -> RunningApp
				.start(dataDir, "--lowband.broker.port=" + mqttPort, "--lowband.broker.websocket-port=" + port)
				.close())
				.hasStackTraceContaining(
						"MQTT port " + port + " on 127.0.0.1 is already in use (set by lowband.broker.websocket-port)");
		}
		// Moquette bound the TCP port before it failed on the WebSocket one; it must not keep it.
		assertThatCode(() -> new ServerSocket(mqttPort, 50, InetAddress.getLoopbackAddress()).close())
			.doesNotThrowAnyException();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
