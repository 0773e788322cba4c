package io.lowband.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

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
	@Disabled("Moquette 0.18.3 bug, open: after the broker drops the bridge's connection mid-stream, Moquette throws "
			+ "NullPointerException in MQTTConnection.processPubAck (mqttConnection is null) and, once the bridge has "
			+ "reconnected, never delivers the sends still queued for its session, not even after a new send; "
			+ "measured 7 to 9 of 180 stored. See the closing note of issue 3.")
	void aBrokenBridgeConnectionLosesAndRepeatsNothing() throws Exception {
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			ChatApi.ChatUser alice = api.newUser("alice");
			String room = api.createRoom(alice);
			try (ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect()) {
				List<CompletableFuture<?>> sends = new ArrayList<>();
				for (int i = 1; i <= 180; i++) {
					sends.add(aliceApp.send(room, alice.username(), String.format("stream-%05d", i), "message " + i));
					if (i == 60 || i == 120) {
						// The broker drops the bridge's connection, as a broken network would; Paho reconnects.
						await().atMost(Duration.ofSeconds(60)).until(() -> app.broker().dropConnection("lowband-bridge"));
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

}
