package io.lowband.chat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints what "PUBACK means stored" costs a sender on the embedded store: the time from publishing a QoS 1 send to
 * its PUBACK, one at a time and with several in flight, and the sends stored per second. It asserts only that every
 * send was stored. The build does not run it; run it with {@code ./mvnw -B -ntp test -Dtest=SendCostBenchmark}.
 */
class SendCostBenchmark {

	private static final int SENDS = 1000;

	@TempDir
	Path dataDir;

	@Test
	void printsTheTimeFromSendToPuback() throws Exception {
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			ChatUser alice = api.newUser("alice");
			String room = api.createRoom(alice, api.newUser("bob"));
			try (ChatClient phone = ChatClient.mqtt5(app).as(alice).connect()) {
				measure(phone, alice, room, "warm-up", 1, 200);
				for (int window : new int[] { 1, 10, 50 }) {
					measure(phone, alice, room, "window-" + window, window, SENDS);
				}
			}
			assertThat(api.historyAfter(alice, room, 0, 200)).hasSize(200 + 3 * SENDS);
		}
	}

	/** Sends {@code count} messages with at most {@code window} unacknowledged, and prints the PUBACK times. */
	private static void measure(ChatClient phone, ChatUser from, String room, String name, int window, int count) {
		long[] micros = new long[count];
		List<CompletableFuture<?>> inFlight = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < count; i++) {
			if (inFlight.size() == window) {
				ChatClient.awaitAck(inFlight.remove(0));
			}
			int index = i;
			long sent = System.nanoTime();
			inFlight.add(phone.send(room, from.username(), String.format("%s-%05d", name, i), "x".repeat(100))
				.thenRun(() -> micros[index] = (System.nanoTime() - sent) / 1000));
		}
		inFlight.forEach(ChatClient::awaitAck);
		double seconds = (System.nanoTime() - started) / 1e9;
		Arrays.sort(micros);
		System.out.printf("%-10s %5d sends, %5.0f stored/s, PUBACK p50 %6.2f ms, p95 %6.2f ms, p99 %6.2f ms%n", name,
				count, count / seconds, micros[count / 2] / 1000.0, micros[count * 95 / 100] / 1000.0,
				micros[count * 99 / 100] / 1000.0);
	}

}
