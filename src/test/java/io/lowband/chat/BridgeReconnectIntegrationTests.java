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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.context.Lifecycle;
import org.springframework.integration.mqtt.core.ClientManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bridge acknowledges a send to the broker only after storing it. When its connection breaks mid-stream, the
 * broker keeps what was unacknowledged in the bridge's persistent session and delivers it again on reconnect; the
 * chat recognises what it already stored. The sender sees every message stored exactly once, with gapless seqs.
 * <p>
 * Not necessarily in the order sent: on the resumed session Moquette 0.18 sends newly routed messages before it
 * resends the few that were in flight when the link broke, so those get later seqs. Everyone sees the seq order.
 */
class BridgeReconnectIntegrationTests {

	@TempDir
	Path dataDir;

	@Test
	void aBrokenBridgeConnectionLosesAndRepeatsNothing() throws Exception {
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			ChatApi.ChatUser alice = api.newUser("alice");
			String room = api.createRoom(alice);
			ClientManager<?, ?> bridge = app.context().getBean("bridgeClientManager", ClientManager.class);
			try (ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect()) {
				List<CompletableFuture<?>> sends = new ArrayList<>();
				for (int i = 1; i <= 180; i++) {
					sends.add(aliceApp.send(room, alice.username(), String.format("stream-%05d", i), "message " + i));
					if (i == 60 || i == 120) {
						// The bridge's socket breaks, as on a broken network: no DISCONNECT; the bridge reconnects.
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
				.containsExactlyInAnyOrderElementsOf(
						LongStream.rangeClosed(1, 180).mapToObj((i) -> String.format("stream-%05d", i)).toList());
		}
	}

	/**
	 * The PUBACK a sender gets means "stored": while the bridge is disconnected (and kept so), a send waits in the
	 * broker's session for the bridge, unacknowledged, and its PUBACK comes only once the bridge is back and stored it.
	 */
	@Test
	void aSendIsAcknowledgedOnlyOnceItIsStored() throws Exception {
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			ChatApi.ChatUser alice = api.newUser("alice");
			String room = api.createRoom(alice);
			ClientManager<?, ?> bridge = app.context().getBean("bridgeClientManager", ClientManager.class);
			Lifecycle reconnector = app.context().getBean("bridgeReconnector", Lifecycle.class);
			try (ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect()) {
				ChatClient.awaitAck(aliceApp.send(room, alice.username(), "before-pause", "stored at once"));
				reconnector.stop();
				await().atMost(ChatClient.WAIT).until(() -> breakSocket(bridge));
				CompletableFuture<?> send = aliceApp.send(room, alice.username(), "during-pause", "waits for the bridge");

				Thread.sleep(1500);
				assertThat(send).as("no PUBACK while the send is not stored").isNotDone();
				assertThat(api.history(alice, room)).hasSize(1);

				reconnector.start();
				ChatClient.awaitAck(send);
				assertThat(api.history(alice, room)).extracting((m) -> m.get("id").asString())
					.containsExactly("before-pause", "during-pause");
			}
		}
	}

	/**
	 * Closes the TCP socket under the bridge's current Paho client, if it is connected: Paho and the broker see the
	 * link die. The bridge then connects with a new client.
	 */
	private static boolean breakSocket(ClientManager<?, ?> bridge) throws ReflectiveOperationException, IOException {
		IMqttAsyncClient client = (IMqttAsyncClient) bridge.getClient();
		if (client == null || !client.isConnected()) {
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
