package io.lowband.chat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints what a storm of wrong-password CONNECTs costs everyone else: the time from a QoS 1 send to its PUBACK for
 * a signed-in user, alone and while {@value #GUESSERS} clients keep connecting with wrong passwords at the default
 * BCrypt cost. The sign-in limits are lifted so every guess is really hashed. It asserts only that every send was
 * stored. The build does not run it; run it with {@code ./mvnw -B -ntp test -Dtest=WrongPasswordStormBenchmark}.
 */
class WrongPasswordStormBenchmark {

	private static final int GUESSERS = 16;

	private static final int SENDS = 300;

	@TempDir
	Path dataDir;

	@Test
	void printsSendLatencyDuringAWrongPasswordStorm() throws Exception {
		try (RunningApp app = RunningApp.start(dataDir, "--lowband.user.account-failures-per-minute=1000000",
				"--lowband.user.account-failures-per-hour=1000000", "--lowband.user.address-failures-per-minute=1000000",
				"--lowband.user.address-failures-per-hour=1000000")) {
			ChatApi api = new ChatApi(app);
			ChatUser alice = api.newUser("alice");
			String room = api.createRoom(alice, api.newUser("bob"));
			try (ChatClient phone = ChatClient.mqtt5(app).as(alice).connect()) {
				measure(phone, alice, room, "warm-up");
				measure(phone, alice, room, "calm");
				AtomicBoolean storming = new AtomicBoolean(true);
				AtomicInteger guesses = new AtomicInteger();
				ExecutorService guessers = Executors.newFixedThreadPool(GUESSERS);
				for (int i = 0; i < GUESSERS; i++) {
					guessers.execute(() -> guess(app, alice.username(), storming, guesses));
				}
				long started = System.nanoTime();
				measure(phone, alice, room, "storm");
				double seconds = (System.nanoTime() - started) / 1e9;
				storming.set(false);
				guessers.shutdown();
				guessers.awaitTermination(30, TimeUnit.SECONDS);
				System.out.printf("%d wrong-password CONNECTs answered during the storm, %.0f/s%n", guesses.get(),
						guesses.get() / seconds);
			}
			assertThat(api.historyAfter(alice, room, 0, 200)).hasSize(3 * SENDS);
		}
	}

	private static void guess(RunningApp app, String username, AtomicBoolean storming, AtomicInteger guesses) {
		while (storming.get()) {
			try {
				ChatClient.mqtt3(app).as(username, "guess-" + guesses.get()).connectOnce().close();
			}
			catch (RuntimeException refused) {
				guesses.incrementAndGet();
			}
		}
	}

	private static void measure(ChatClient phone, ChatUser from, String room, String name) {
		long[] micros = new long[SENDS];
		for (int i = 0; i < SENDS; i++) {
			long sent = System.nanoTime();
			ChatClient.awaitAck(phone.send(room, from.username(), String.format("%s-%05d", name, i), "x".repeat(100)));
			micros[i] = (System.nanoTime() - sent) / 1000;
		}
		Arrays.sort(micros);
		System.out.printf("%-8s %d sends one at a time, PUBACK p50 %7.2f ms, p99 %7.2f ms, max %7.2f ms%n", name, SENDS,
				micros[SENDS / 2] / 1000.0, micros[SENDS * 99 / 100] / 1000.0, micros[SENDS - 1] / 1000.0);
	}

}
