package io.lowband.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Catch-up is answered on threads of its own: 30 devices asking for a 2,000-message room from the start at once
 * keep those threads busy for a while, but another user's sends in another room are stored and acknowledged as
 * quickly as ever (issue 11).
 */
class CatchUpStormIntegrationTests {

	private static final int MESSAGES = 2_000;

	private static final int DEVICES = 30;

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(ChatApi.FAST_SIGN_IN);

	@Test
	void thirtyCatchUpsFromTheStartOfABigRoomDoNotDelayOtherUsersSends() throws Exception {
		RunningApp app = shared.app();
		ChatApi api = new ChatApi(app);
		ChatUser alice = api.newUser("alice");
		List<ChatUser> readers = new ArrayList<>();
		for (int i = 0; i < DEVICES; i++) {
			readers.add(api.newUser("reader" + i));
		}
		String bigRoom = api.createRoom(alice, readers.toArray(ChatUser[]::new));
		try (ChatClient alicesPhone = ChatClient.mqtt5(app).as(alice).connect()) {
			List<CompletableFuture<?>> sends = new ArrayList<>();
			for (int i = 0; i < MESSAGES; i++) {
				sends.add(alicesPhone.send(bigRoom, alice.username(), String.format("big-%06d", i), "message " + i));
			}
			sends.forEach(ChatClient::awaitAck);
		}
		ChatUser dave = api.newUser("dave");
		String quietRoom = api.createRoom(dave, api.newUser("erin"));

		List<ChatClient> devices = new ArrayList<>();
		try (ChatClient davesPhone = ChatClient.mqtt5(app).as(dave).connect()) {
			for (ChatUser reader : readers) {
				ChatClient device = ChatClient.mqtt5(app).as(reader).connect();
				devices.add(device);
				assertThat(device.subscribe(ChatTopics.inbox(reader.username()))).isTrue();
			}
			List<Long> latencies = new ArrayList<>();
			long stormStart = System.nanoTime();
			for (int i = 0; i < DEVICES; i++) {
				ChatClient.awaitAck(devices.get(i)
					.publish("users/" + readers.get(i).username() + "/sync", "{\"rooms\":{\"" + bigRoom + "\":0}}"));
			}
			int synced = 0;
			for (int i = 0; synced < DEVICES; i++) {
				long start = System.nanoTime();
				ChatClient.awaitAck(davesPhone.send(quietRoom, dave.username(), String.format("quiet-%06d", i), "hi"));
				latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
				Thread.sleep(20);
				synced = (int) devices.stream().filter(CatchUpStormIntegrationTests::isSynced).count();
			}
			long stormMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stormStart);
			for (int i = 0; i < DEVICES; i++) {
				long caughtUp = devices.get(i)
					.on(ChatTopics.inbox(readers.get(i).username()))
					.stream()
					.filter((e) -> e.get("type").asString().equals("messages"))
					.mapToLong((e) -> e.get("messages").size())
					.sum();
				assertThat(caughtUp).as("messages caught up by device %d", i).isEqualTo(MESSAGES);
			}
			List<Long> sorted = latencies.stream().sorted().toList();
			long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
			System.out.printf("Catch-up storm: %d devices x %d messages in %d ms; meanwhile %d sends, p50 %d ms, "
					+ "p99 %d ms, max %d ms%n", DEVICES, MESSAGES, stormMillis, sorted.size(), sorted.get(sorted.size() / 2),
					p99, sorted.get(sorted.size() - 1));
			assertThat(p99).as("p99 of another user's sends during the storm, ms").isLessThan(1_000);
		}
		finally {
			devices.forEach(ChatClient::close);
		}
	}

	private static boolean isSynced(ChatClient device) {
		return device.topics()
			.stream()
			.flatMap((topic) -> device.on(topic).stream())
			.anyMatch((e) -> e.get("type").asString().equals("synced"));
	}

}
