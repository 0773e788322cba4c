package io.lowband.chat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import io.lowband.testing.RunningApp;
import org.eclipse.paho.mqttv5.client.IMqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.internal.ClientComms;
import org.eclipse.paho.mqttv5.client.internal.NetworkModule;
import org.eclipse.paho.mqttv5.client.internal.TCPNetworkModule;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.integration.mqtt.core.ClientManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge acknowledges a send to the broker only after storing it. When its connection breaks mid-stream, the
 * broker keeps what was unacknowledged in the bridge's persistent session and delivers it again on reconnect; the
 * chat recognises what it already stored. The sender sees every message stored exactly once, in order.
 */
class BridgeReconnectIntegrationTests {

	@TempDir
	Path dataDir;

	@Test
	@Disabled("Open, see the note of issue 3: after the bridge's socket breaks, Paho MQTT v5 1.2.5 does not come back. "
			+ "Its automatic reconnect opens a socket and then hangs in CommsSender.start (no sender thread, so no "
			+ "CONNECT is ever sent; thread dump taken); a reconnect forced from outside hangs the same way. Sends the "
			+ "broker acknowledged stay queued for the bridge in the broker; /actuator/health reports the bridge DOWN.")
	void aBrokenBridgeConnectionLosesAndRepeatsNothing() throws Exception {
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			ChatApi.ChatUser alice = api.newUser("alice");
			String room = api.createRoom(alice);
			IMqttAsyncClient bridge = (IMqttAsyncClient) app.context()
				.getBean("bridgeClientManager", ClientManager.class)
				.getClient();
			try (ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect()) {
				List<CompletableFuture<?>> sends = new ArrayList<>();
				for (int i = 1; i <= 180; i++) {
					sends.add(aliceApp.send(room, alice.username(), String.format("stream-%05d", i), "message " + i));
					if (i == 60 || i == 120) {
						// The bridge's socket breaks, as on a broken network: no DISCONNECT; Paho reconnects by itself.
						await().atMost(ChatClient.WAIT).until(() -> breakSocket(bridge));
					}
				}
				sends.forEach(ChatClient::awaitAck);
			}

			List<JsonNode> stored = await().atMost(ChatClient.WAIT.multipliedBy(3))
				.until(() -> api.history(alice, room), (messages) -> messages.size() >= 180);
			assertThat(ChatIntegrationTests.seqs(stored))
				.containsExactlyElementsOf(LongStream.rangeClosed(1, 180).boxed().toList());
			assertThat(stored).extracting((m) -> m.get("id").asString())
				.containsExactlyElementsOf(
						LongStream.rangeClosed(1, 180).mapToObj((i) -> String.format("stream-%05d", i)).toList());
		}
	}

	/** Closes the TCP socket under Paho's client, if it is connected: Paho and the broker see the link die. */
	private static boolean breakSocket(IMqttAsyncClient client) throws ReflectiveOperationException, IOException {
		if (!client.isConnected()) {
			return false;
		}
		ClientComms comms = (ClientComms) field(MqttAsyncClient.class, "comms").get(client);
		NetworkModule module = comms.getNetworkModules()[comms.getNetworkModuleIndex()];
		((Socket) field(TCPNetworkModule.class, "socket").get(module)).close();
		return true;
	}

	private static Field field(Class<?> type, String name) throws NoSuchFieldException {
		Field field = type.getDeclaredField(name);
		field.setAccessible(true);
		return field;
	}

}
