package io.lowband.chat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.LongStream;

import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping and starting Lowband on the same data directory loses nothing: accounts, tokens, rooms, every stored
 * message and read marker are there, and each room's seq carries on without a gap.
 */
class ChatRestartIntegrationTests {

	@TempDir
	Path dataDir;

	@Test
	void aRestartLosesNoMessageAndSeqCarriesOn() {
		ChatUser alice;
		ChatUser bob;
		String room;
		String dm;
		List<JsonNode> before;
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			alice = api.newUser("alice");
			bob = api.newUser("bob");
			room = api.createRoom(alice, bob);
			dm = api.post("/api/dms", alice, Map.of("username", bob.username())).body().get("id").asString();
			try (ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect()) {
				for (int i = 1; i <= 10; i++) {
					aliceApp.send(room, alice.username(), "mqtt-before-" + i, "Over MQTT " + i);
					api.send(bob, room, "http-before-" + i, "Over HTTP " + i);
				}
				await().atMost(ChatClient.WAIT).until(() -> api.history(bob, room).size() == 20);
			}
			api.put("/api/rooms/" + room + "/read", bob, Map.of("seq", 5));
			api.send(bob, dm, "dm-before-0001", "See you after the restart");
			before = api.history(bob, room);
		}

		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			assertThat(api.history(alice, room)).isEqualTo(before);
			assertThat(ChatIntegrationTests.seqs(before))
				.containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
			JsonNode summary = api.get("/api/rooms/" + room, bob).body();
			assertThat(summary.get("lastSeq").asLong()).isEqualTo(20);
			assertThat(summary.get("readSeq").asLong()).isEqualTo(5);
			assertThat(summary.get("unread").asLong()).isEqualTo(15);
			assertThat(api.post("/api/dms", bob, Map.of("username", alice.username())).body().get("id").asString())
				.isEqualTo(dm);
			assertThat(api.history(alice, dm)).extracting((m) -> m.get("body").asString())
				.containsExactly("See you after the restart");

			try (ChatClient aliceApp = ChatClient.mqtt3(app).as(alice.username(), alice.password()).connect();
					ChatClient bobApp = ChatClient.mqtt5(app).overWebSocket().as(bob).connect()) {
				assertThat(bobApp.subscribe(ChatTopics.messages(room))).isTrue();
				aliceApp.send(room, alice.username(), "mqtt-after-001", "Back again");
				bobApp.awaitCount(ChatTopics.messages(room), 1);
				api.send(bob, room, "http-after-001", "Welcome back");
				List<JsonNode> after = bobApp.awaitCount(ChatTopics.messages(room), 2);
				assertThat(ChatIntegrationTests.seqs(after)).containsExactly(21L, 22L);
			}
			assertThat(ChatIntegrationTests.seqs(api.history(bob, room)))
				.containsExactlyElementsOf(LongStream.rangeClosed(1, 22).boxed().toList());
		}
	}

	@Test
	void sendsTheBrokerAcknowledgedJustBeforeAStopAreStoredAfterTheRestart() {
		ChatUser alice;
		String room;
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			alice = api.newUser("alice");
			room = api.createRoom(alice);
			try (ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect()) {
				List<CompletableFuture<?>> sends = new ArrayList<>();
				for (int i = 1; i <= 50; i++) {
					sends.add(aliceApp.send(room, alice.username(), "in-flight-" + i, "Sent just before the stop " + i));
				}
				sends.forEach(ChatClient::awaitAck);
			}
		}

		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			List<JsonNode> stored = await().atMost(ChatClient.WAIT)
				.until(() -> api.history(alice, room), (messages) -> messages.size() >= 50);
			assertThat(ChatIntegrationTests.seqs(stored))
				.containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
			assertThat(stored).extracting((m) -> m.get("id").asString())
				.containsExactlyElementsOf(LongStream.rangeClosed(1, 50).mapToObj((i) -> "in-flight-" + i).toList());
		}
	}

	/**
	 * After a restart every phone claims its client id again, all at once: the claims of a batch that were stored
	 * before are read back together, each answered with its real owner.
	 */
	@Test
	void clientIdsKeepTheirOwnersAcrossARestart() {
		List<String> phones = List.of("phone-a-0001", "phone-a-0002", "phone-a-0003", "phone-a-0004", "phone-a-0005");
		ChatUser alice;
		ChatUser bob;
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			alice = api.newUser("alice");
			bob = api.newUser("bob");
			phones.forEach((id) -> ChatClient.mqtt5(app).as(alice).clientId(id).connect().close());
		}

		try (RunningApp app = ChatApi.start(dataDir)) {
			List<CompletableFuture<ChatClient>> back = phones.stream()
				.map((id) -> CompletableFuture.supplyAsync(() -> ChatClient.mqtt5(app).as(alice).clientId(id).connect()))
				.toList();
			List<CompletableFuture<Throwable>> strangers = phones.stream()
				.map((id) -> CompletableFuture.supplyAsync(() -> refusal(app, bob, id)))
				.toList();
			back.forEach((phone) -> {
				assertThat(phone.join().isConnected()).isTrue();
				phone.join().close();
			});
			strangers.forEach((refused) -> assertThat(refused.join()).isInstanceOf(Mqtt5ConnAckException.class));
		}
	}

	/** What refused the connect; null if it was accepted. */
	private static Throwable refusal(RunningApp app, ChatUser user, String clientId) {
		try {
			ChatClient.mqtt5(app).as(user).clientId(clientId).connect().close();
			return null;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

}
