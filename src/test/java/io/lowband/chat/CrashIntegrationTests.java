package io.lowband.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.ForkedApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server dies the hard way, again and again, while three people send. Lowband runs as its own process, from the
 * built jar, on the embedded store; it is killed with SIGKILL three times mid-stream and started again on the same
 * data directory. Each sender is a {@link ChatDevice}: it keeps every send the broker has not acknowledged and sends
 * it again, under the same id, after reconnecting. Every message whose PUBACK a sender saw must be in history once,
 * in a gapless seq order, and a member who was offline all along must get them all.
 * <p>
 * The seed of the kill times is printed; rerun one with {@code -Dlowband.crash.seed=<seed>}.
 */
class CrashIntegrationTests {

	private static final int PER_SENDER = 300;

	private static final Duration PACE = Duration.ofMillis(40);

	private static final int KILLS = 3;

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	/** Kept when the test fails: each start's log is there, beside the data directory. */
	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path dir;

	@Test
	void everyAcknowledgedSendSurvivesSigkillOnceAndReachesTheOfflineMember() throws Exception {
		long seed = Long.getLong("lowband.crash.seed", System.nanoTime());
		Random random = new Random(seed);
		ForkedApp app = ForkedApp.start(dir.resolve("data"), ChatApi.FAST_SIGN_IN);
		try {
			ChatApi api = new ChatApi(app.httpPort());
			List<ChatUser> senders = List.of(api.newUser("alice"), api.newUser("bob"), api.newUser("carol"));
			ChatUser dave = api.newUser("dave");
			String room = api.createRoom(senders.get(0), senders.get(1), senders.get(2), dave);
			List<ChatDevice> phones = new ArrayList<>();
			for (ChatUser sender : senders) {
				phones.add(ChatDevice.connect(sender, app.mqttPort(), 5, PATIENCE, room));
			}
			AtomicInteger sent = new AtomicInteger();
			Thread stream = new Thread(() -> sendAll(phones, senders, room, sent), "senders");
			stream.start();
			List<String> kills = new ArrayList<>();
			for (int kill = 1; kill <= KILLS; kill++) {
				Thread.sleep(1500 + random.nextInt(2500));
				int acknowledged = phones.stream().mapToInt((phone) -> phone.acknowledged().size()).sum();
				app.kill();
				kills.add("kill " + kill + " after " + sent.get() + " sends, " + acknowledged + " acknowledged");
				app = app.restart(kill + 1);
			}
			stream.join();
			await().atMost(PATIENCE)
				.until(() -> phones.stream().allMatch((phone) -> phone.unacknowledged() == 0));

			List<JsonNode> history = api.historyAfter(senders.get(0), room, 0, 200);
			List<String> ids = history.stream().map((message) -> message.get("id").asString()).toList();
			System.out.printf("Crash test (seed %d): %s; history %d messages%n", seed, kills, history.size());
			phones.forEach((phone) -> System.out.println("  " + phone.stats()));

			assertThat(new HashSet<>(ids)).as("no message stored twice").hasSize(ids.size());
			assertThat(ChatIntegrationTests.seqs(history))
				.containsExactlyElementsOf(LongStream.rangeClosed(1, ids.size()).boxed().toList());
			for (ChatDevice phone : phones) {
				assertThat(ids).as("every send whose PUBACK the sender saw is stored").containsAll(phone.acknowledged());
			}
			assertThat(ids).as("every send, once each").hasSize(PER_SENDER * senders.size());
			phones.forEach(ChatDevice::close);

			try (ChatDevice davesPhone = ChatDevice.connect(dave, app.mqttPort(), 5, PATIENCE, room)) {
				assertThat(davesPhone.view(room)).extracting((message) -> message.get("id").asString())
					.as("the member who was offline throughout gets everything, in seq order")
					.containsExactlyElementsOf(ids);
			}
		}
		finally {
			app.close();
		}
	}

	/** The three take turns, one message each per {@link #PACE}, whatever the server is going through. */
	private static void sendAll(List<ChatDevice> phones, List<ChatUser> senders, String room, AtomicInteger sent) {
		for (int i = 1; i <= PER_SENDER; i++) {
			for (int s = 0; s < phones.size(); s++) {
				String id = String.format("%s-%04d", senders.get(s).username(), i);
				phones.get(s).send(room, id, "message " + i + " from " + senders.get(s).username());
				sent.incrementAndGet();
			}
			try {
				Thread.sleep(PACE.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
