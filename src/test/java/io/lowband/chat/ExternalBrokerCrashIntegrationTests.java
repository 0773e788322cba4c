package io.lowband.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.stream.LongStream;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.ForkedApp;
import io.lowband.testing.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Lowband against an external broker, as in production behind a clustered one (mosquitto here): people connect to
 * that broker, and the bridge takes their sends off it with a persistent session and manual acknowledgements. The
 * external broker acknowledges a send at once, so it is the bridge's acknowledgement, given only after the store,
 * that keeps it: the app is killed with SIGKILL twice mid-stream, and the broker delivers again what the bridge had
 * not acknowledged. Every send ends up in history exactly once and reaches the other member.
 */
class ExternalBrokerCrashIntegrationTests {

	private static final int SENDS = 300;

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	@TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
	Path dir;

	@Test
	void aKilledBridgeLosesNothingTheExternalBrokerAcknowledged() throws Exception {
		try (MosquittoBroker mosquitto = MosquittoBroker.start(dir.resolve("mosquitto"))) {
			ForkedApp app = ForkedApp.start(dir.resolve("data"), ChatApi.FAST_SIGN_IN,
					"--lowband.bridge.broker-url=tcp://127.0.0.1:" + mosquitto.port(), "--lowband.bridge.shared-group=");
			try {
				ChatApi api = new ChatApi(app.httpPort());
				ChatUser alice = api.newUser("alice");
				ChatUser bob = api.newUser("bob");
				String room = api.createRoom(alice, bob);
				try (ChatDevice alicesPhone = ChatDevice.connect(alice, mosquitto.port(), 5, PATIENCE, room);
						ChatDevice bobsPhone = ChatDevice.connect(bob, mosquitto.port(), 5, PATIENCE, room)) {
					for (int i = 1; i <= SENDS; i++) {
						alicesPhone.send(room, String.format("external-%04d", i), "message " + i);
						if (i == 100 || i == 200) {
							app.kill();
							app = app.restart(i);
						}
						Thread.sleep(10);
					}
					await().atMost(PATIENCE).until(() -> alicesPhone.unacknowledged() == 0);
					List<JsonNode> history = await().atMost(PATIENCE)
						.until(() -> api.historyAfter(alice, room, 0, 200), (messages) -> messages.size() >= SENDS);
					List<String> ids = history.stream().map((message) -> message.get("id").asString()).toList();
					assertThat(new HashSet<>(ids)).as("no send stored twice").hasSize(ids.size());
					assertThat(ids).hasSize(SENDS).containsAll(alicesPhone.acknowledged());
					assertThat(ChatIntegrationTests.seqs(history))
						.containsExactlyElementsOf(LongStream.rangeClosed(1, SENDS).boxed().toList());
					await().atMost(PATIENCE).until(() -> bobsPhone.view(room).size() == SENDS);
					assertThat(bobsPhone.view(room)).extracting((message) -> message.get("id").asString())
						.containsExactlyElementsOf(ids);
				}
			}
			finally {
				app.close();
			}
		}
	}

}
