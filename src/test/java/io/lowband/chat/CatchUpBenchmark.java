package io.lowband.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import io.lowband.testing.WeakLink;
import io.lowband.testing.WeakLink.Conditions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prints what catching up and chatting cost, over loopback and over a 3G-like {@link WeakLink}. It asserts only that
 * the messages arrived, never how fast: the figures depend on the machine. The build does not run it (the name
 * matches neither test plugin); run it with {@code ./mvnw -B -ntp test -Dtest=CatchUpBenchmark}.
 */
class CatchUpBenchmark {

	private static final int MISSED = 1000;

	private static final int CHATTED = 200;

	private static final Duration AT_MOST = Duration.ofSeconds(120);

	@TempDir
	static Path dataDir;

	static RunningApp app;

	static ChatApi api;

	static ChatUser alice;

	@BeforeAll
	static void start() {
		app = ChatApi.start(dataDir);
		api = new ChatApi(app);
		alice = api.newUser("alice");
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void catchingUpOnAThousandMissedMessages() {
		// Each reader is in one room only: a sync sends what is unread in the rooms it leaves out, too.
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(alice, bob);
		fill(room, "missed");
		report("a new device, by sync alone", Conditions.NONE, 5, (link) -> {
			try (ChatDevice phone = ChatDevice.connect(bob, link.port(), 30, AT_MOST, room)) {
				assertThat(phone.view(room)).hasSize(MISSED);
			}
		});
		report("a new device, by sync alone", Conditions.THREE_G, 2, (link) -> {
			try (ChatDevice phone = ChatDevice.connect(bob, link.port(), 30, AT_MOST, room)) {
				assertThat(phone.view(room)).hasSize(MISSED);
			}
		});
		for (Conditions conditions : List.of(Conditions.NONE, Conditions.THREE_G)) {
			ChatUser carol = api.newUser("carol");
			String away = api.createRoom(alice, carol);
			try (WeakLink link = WeakLink.to(app.mqttPort(), conditions, 1);
					ChatDevice phone = ChatDevice.connect(carol, link.port(), 30, AT_MOST, away)) {
				phone.goAway();
				fill(away, "away-" + conditions.latency().toMillis());
				long bytesBefore = link.bytesDown() + link.bytesUp();
				long start = System.nanoTime();
				phone.comeBack(AT_MOST);
				assertThat(phone.view(away)).hasSize(MISSED);
				print("a returning device, by its session's queue and sync", conditions,
						List.of(System.nanoTime() - start), link.bytesDown() + link.bytesUp() - bytesBefore);
				System.out.printf("      %s%n", phone.stats());
			}
		}
	}

	@Test
	void bytesOnTheWirePerDeliveredMessage() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(alice, bob);
		try (WeakLink aliceLink = WeakLink.to(app.mqttPort(), Conditions.NONE, 1);
				WeakLink bobLink = WeakLink.to(app.mqttPort(), Conditions.NONE, 2);
				ChatDevice alicePhone = ChatDevice.connect(alice, aliceLink.port(), 30, AT_MOST, room);
				ChatDevice bobPhone = ChatDevice.connect(bob, bobLink.port(), 30, AT_MOST, room)) {
			long[] before = { aliceLink.bytesUp(), aliceLink.bytesDown(), bobLink.bytesUp(), bobLink.bytesDown() };
			String body = "x".repeat(100);
			for (int i = 1; i <= CHATTED; i++) {
				alicePhone.send(room, String.format("bytes-%06d", i), body);
			}
			await().atMost(AT_MOST)
				.until(() -> alicePhone.unacknowledged() == 0 && alicePhone.view(room).size() == CHATTED
						&& bobPhone.view(room).size() == CHATTED);
			double n = CHATTED;
			System.out.printf("Bytes on the wire per 100-byte message (%d messages, MQTT 5, QoS 1, ids of 12 characters):%n  sender:    %.1f up (PUBLISH, PUBACKs), %.1f down (PUBACKs, its own copy)%n"
					+ "  recipient: %.1f down (the copy), %.1f up (PUBACK)%n  one recipient in all: %.1f; "
					+ "sender and recipient together: %.1f%n", CHATTED, (aliceLink.bytesUp() - before[0]) / n,
					(aliceLink.bytesDown() - before[1]) / n, (bobLink.bytesDown() - before[3]) / n,
					(bobLink.bytesUp() - before[2]) / n,
					(bobLink.bytesDown() - before[3] + bobLink.bytesUp() - before[2]) / n,
					(aliceLink.bytesUp() - before[0] + aliceLink.bytesDown() - before[1] + bobLink.bytesDown()
							- before[3] + bobLink.bytesUp() - before[2]) / n);
			System.out.printf("  one stored message as JSON: %d bytes%n",
					ChatApi.JSON.writeValueAsBytes(bobPhone.view(room).get(0)).length);
		}
	}

	/** Runs a catch-up over a fresh link each time and prints how long it took and what went over the wire. */
	private static void report(String what, Conditions conditions, int runs, Consumer<WeakLink> catchUp) {
		List<Long> nanos = new ArrayList<>();
		long bytes = 0;
		for (int run = 0; run < runs; run++) {
			try (WeakLink link = WeakLink.to(app.mqttPort(), conditions, run)) {
				long start = System.nanoTime();
				catchUp.accept(link);
				nanos.add(System.nanoTime() - start);
				bytes = link.bytesDown() + link.bytesUp();
			}
		}
		print(what, conditions, nanos, bytes);
	}

	private static void print(String what, Conditions conditions, List<Long> nanos, long bytes) {
		System.out.printf("Catch-up of %d missed messages, %s, over %s: %s ms from connecting to holding all; "
				+ "%d bytes on the wire (both ways, %.0f per message)%n", MISSED, what,
				(conditions.latency().isZero()) ? "loopback" : conditions,
				nanos.stream().map((n) -> String.valueOf(n / 1_000_000)).toList(), bytes, (double) bytes / MISSED);
	}

	private static void fill(String room, String prefix) {
		for (int i = 1; i <= MISSED; i++) {
			api.send(alice, room, prefix + "-" + i, String.format("%-100.100s", "Message " + i + " while bob was away"));
		}
	}

}
