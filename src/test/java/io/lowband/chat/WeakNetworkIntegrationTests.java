package io.lowband.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import io.lowband.testing.WeakLink;
import io.lowband.testing.WeakLink.Conditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two people chat over 3G-like links that keep stalling, breaking and going dead, as phones on a train do, and
 * still end up with the same conversation: every message once, in seq order, nothing missing. Each phone is a
 * {@link ChatDevice}: a persistent MQTT 5 session that reconnects by itself, repeats unacknowledged sends under the
 * same message ids, and syncs after every reconnect.
 * <p>
 * The links: {@link Conditions#THREE_G} (300 ms ± 50 ms each way, 256 kbit/s each way), and every 1.5 to 3 s one of
 * the two links, in turn, gets the next trouble of {@link #TROUBLES}. The seed of the run is printed; rerun one with
 * {@code -Dlowband.weak.seed=<seed>}.
 */
class WeakNetworkIntegrationTests {

	/** Each person sends this many, so the room ends with twice as many. */
	private static final int PER_PERSON = 250;

	private static final Duration TYPING_PACE = Duration.ofMillis(80);

	private static final int KEEP_ALIVE_SECONDS = 5;

	private static final List<String> TROUBLES = List.of("stall", "cut", "stall", "outage", "silence");

	@TempDir
	Path dataDir;

	@Test
	void twoPeopleOnBreakingThreeGLinksEndWithThe500MessagesOnceEachInSeqOrder() throws Exception {
		long seed = Long.getLong("lowband.weak.seed", System.nanoTime());
		long started = System.nanoTime();
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			ChatUser alice = api.newUser("alice");
			ChatUser bob = api.newUser("bob");
			String room = api.createRoom(alice, bob);
			try (WeakLink aliceLink = WeakLink.to(app.mqttPort(), Conditions.THREE_G, seed);
					WeakLink bobLink = WeakLink.to(app.mqttPort(), Conditions.THREE_G, seed + 1);
					ChatDevice alicePhone = ChatDevice.connect(alice, aliceLink.port(), KEEP_ALIVE_SECONDS,
							Duration.ofSeconds(30), room);
					ChatDevice bobPhone = ChatDevice.connect(bob, bobLink.port(), KEEP_ALIVE_SECONDS,
							Duration.ofSeconds(30), room)) {
				try (Trouble trouble = Trouble.start(seed, aliceLink, bobLink)) {
					Thread aliceTypes = typist(alicePhone, alice, room);
					Thread bobTypes = typist(bobPhone, bob, room);
					aliceTypes.join();
					bobTypes.join();
					await().atMost(Duration.ofSeconds(90))
						.until(() -> alicePhone.unacknowledged() == 0 && bobPhone.unacknowledged() == 0);
				}
				try {
					await().atMost(Duration.ofSeconds(60))
						.until(() -> alicePhone.view(room).size() >= 2 * PER_PERSON
								&& bobPhone.view(room).size() >= 2 * PER_PERSON);
				}
				finally {
					System.out.printf("Weak network run, seed %d, links %s, %.1f s%n  alice's link: %s, %d connections, "
							+ "%d bytes up, %d down%n  bob's link:   %s, %d connections, %d bytes up, %d down%n"
							+ "  alice's phone: %s%n  bob's phone:   %s%n", seed, Conditions.THREE_G,
							(System.nanoTime() - started) / 1e9, aliceLink.troubles(), aliceLink.connectionsAccepted(),
							aliceLink.bytesUp(), aliceLink.bytesDown(), bobLink.troubles(),
							bobLink.connectionsAccepted(), bobLink.bytesUp(), bobLink.bytesDown(), alicePhone.stats(),
							bobPhone.stats());
				}

				assertThat(aliceLink.cuts() + bobLink.cuts()).as("the links were cut").isPositive();
				assertThat(alicePhone.resends() + bobPhone.resends()).as("sends were repeated after reconnects")
					.isPositive();
				List<String> sentIds = Stream.concat(ids(alice), ids(bob)).toList();
				List<JsonNode> history = api.historyAfter(alice, room, 0, History.MAX_PAGE);
				assertThat(seqs(history)).containsExactlyElementsOf(oneTo(2 * PER_PERSON));
				assertThat(messageIds(history)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sentIds);
				for (ChatDevice phone : List.of(alicePhone, bobPhone)) {
					assertThat(phone.conflicts()).isEmpty();
					assertThat(seqs(phone.view(room))).containsExactlyElementsOf(oneTo(2 * PER_PERSON));
					assertThat(phone.view(room)).isEqualTo(history);
				}
			}
		}
	}

	/** Someone typing {@link #PER_PERSON} messages of about 100 bytes into the room, one every 80 ms. */
	private static Thread typist(ChatDevice phone, ChatUser who, String room) {
		Thread thread = new Thread(() -> {
			List<String> ids = ids(who).toList();
			for (int i = 0; i < ids.size(); i++) {
				phone.send(room, ids.get(i), String.format("%-100.100s", who.username() + " says #" + (i + 1)
						+ ": the train is in a tunnel again, but this message will get there"));
				try {
					Thread.sleep(TYPING_PACE.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}, "typist-" + who.username());
		thread.start();
		return thread;
	}

	private static Stream<String> ids(ChatUser who) {
		return LongStream.rangeClosed(1, PER_PERSON).mapToObj((i) -> who.username() + "-msg-" + i);
	}

	private static List<Long> oneTo(int last) {
		return LongStream.rangeClosed(1, last).boxed().toList();
	}

	private static List<Long> seqs(List<JsonNode> messages) {
		return messages.stream().map((m) -> m.get("seq").asLong()).toList();
	}

	private static List<String> messageIds(List<JsonNode> messages) {
		return messages.stream().map((m) -> m.get("id").asString()).toList();
	}

	/**
	 * Every 1.5 to 3 s the next link in turn gets its next trouble: a stall of 0.5 to 2 s, a cut, an outage (a cut,
	 * then 0.5 to 2 s in which reconnecting fails), or a silence (a dead connection that the phone and the broker
	 * each discover by their keep-alive).
	 */
	private static final class Trouble implements AutoCloseable {

		private final Thread thread;

		private volatile boolean stopped;

		private Trouble(long seed, List<WeakLink> links) {
			this.thread = new Thread(() -> run(new Random(seed), links), "trouble");
			this.thread.setDaemon(true);
		}

		static Trouble start(long seed, WeakLink... links) {
			Trouble trouble = new Trouble(seed, List.of(links));
			trouble.thread.start();
			return trouble;
		}

		private void run(Random random, List<WeakLink> links) {
			List<Integer> next = new ArrayList<>(links.stream().map((l) -> 0).toList());
			for (int turn = 0; !stopped; turn++) {
				try {
					Thread.sleep(1500 + random.nextInt(1500));
				}
				catch (InterruptedException ex) {
					return;
				}
				int which = turn % links.size();
				WeakLink link = links.get(which);
				String trouble = TROUBLES.get(next.get(which) % TROUBLES.size());
				next.set(which, next.get(which) + 1);
				Duration length = Duration.ofMillis(500 + random.nextInt(1500));
				switch (trouble) {
					case "stall" -> link.stall(length);
					case "cut" -> link.cut();
					case "outage" -> link.cut(length);
					default -> link.silence();
				}
			}
		}

		@Override
		public void close() throws InterruptedException {
			stopped = true;
			thread.interrupt();
			thread.join();
		}

	}

}
