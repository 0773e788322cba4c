package io.lowband.chat;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.chat.ChatApi.Reply;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * People chat in a room over MQTT, from different transports and protocol versions, and everyone sees one order.
 */
class ChatIntegrationTests {

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(ChatApi.FAST_SIGN_IN);

	static RunningApp app;

	static ChatApi api;

	@BeforeAll
	static void start() {
		app = shared.app();
		api = new ChatApi(app);
	}

	@Test
	void twoPeopleOnTcpAndWebSocketSeeTheSameConversationInTheSameOrder() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(alice, bob);
		String topic = ChatTopics.messages(room);
		try (ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect();
				ChatClient bobApp = ChatClient.mqtt3(app).overWebSocket().as(bob).connect()) {
			assertThat(aliceApp.subscribe(topic)).isTrue();
			assertThat(bobApp.subscribe(topic)).isTrue();

			for (int i = 1; i <= 5; i++) {
				aliceApp.send(room, alice.username(), "alice-msg-" + i, "Hi, this is alice #" + i);
				bobApp.send(room, bob.username(), "bob-msg-" + i, "Hello from bob #" + i + " ✓");
			}

			List<JsonNode> seenByAlice = aliceApp.awaitCount(topic, 10);
			List<JsonNode> seenByBob = bobApp.awaitCount(topic, 10);
			assertThat(seqs(seenByAlice)).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
			assertThat(seenByBob).isEqualTo(seenByAlice);
			assertThat(sentBy(seenByAlice, alice, "body")).containsExactly("Hi, this is alice #1", "Hi, this is alice #2",
					"Hi, this is alice #3", "Hi, this is alice #4", "Hi, this is alice #5");
			assertThat(sentBy(seenByAlice, bob, "body")).containsExactly("Hello from bob #1 ✓", "Hello from bob #2 ✓",
					"Hello from bob #3 ✓", "Hello from bob #4 ✓", "Hello from bob #5 ✓");
			assertThat(sentBy(seenByAlice, bob, "id")).containsExactly("bob-msg-1", "bob-msg-2", "bob-msg-3",
					"bob-msg-4", "bob-msg-5");
			assertThat(seenByAlice).allSatisfy((m) -> assertThat(m.get("room").asString()).isEqualTo(room));
			assertThat(api.history(bob, room)).isEqualTo(seenByAlice);
			assertThat(aliceApp.on(topic)).as("no message arrives twice").hasSize(10);
		}
	}

	@Test
	void aResentIdIsStoredAndDeliveredOnceOverMqttAndHttp() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(alice, bob);
		String topic = ChatTopics.messages(room);
		try (ChatClient aliceApp = ChatClient.mqtt3(app).as(alice).connect();
				ChatClient bobApp = ChatClient.mqtt5(app).as(bob).connect()) {
			assertThat(bobApp.subscribe(topic)).isTrue();

			aliceApp.send(room, alice.username(), "resent-00000001", "Are you there?");
			aliceApp.send(room, alice.username(), "resent-00000001", "Are you there?");
			aliceApp.send(room, alice.username(), "resent-00000001", "Are you there? (edited)");
			bobApp.awaitMessage(topic, (m) -> m.get("seq").asLong() == 1);
			Reply again = api.post("/api/rooms/" + room + "/messages", alice,
					Map.of("id", "resent-00000001", "body", "Are you there?"));
			assertThat(again.status()).isEqualTo(200);
			assertThat(again.body().get("seq").asLong()).isEqualTo(1);
			assertThat(again.body().get("body").asString()).isEqualTo("Are you there?");

			JsonNode overHttp = api.send(alice, room, "resent-00000002", "Sent over HTTP first");
			assertThat(api.post("/api/rooms/" + room + "/messages", alice,
					Map.of("id", "resent-00000002", "body", "Sent over HTTP first"))
				.body()).isEqualTo(overHttp);
			aliceApp.send(room, alice.username(), "resent-00000002", "Sent over HTTP first");
			aliceApp.send(room, alice.username(), "resent-00000003", "A new one");

			// Fan-out follows seq order: once the new message arrives, any second copy would have arrived before it.
			bobApp.awaitMessage(topic, (m) -> m.get("id").asString().equals("resent-00000003"));
			assertThat(bobApp.on(topic)).extracting((m) -> m.get("id").asString())
				.containsExactly("resent-00000001", "resent-00000002", "resent-00000003");
			assertThat(seqs(api.history(alice, room))).containsExactly(1L, 2L, 3L);
			assertThat(api.history(alice, room).get(0).get("body").asString()).isEqualTo("Are you there?");
		}
	}

	@Test
	void aDirectRoomIsTheSameRoomForBothPeopleEveryTime() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		ChatUser carol = api.newUser("carol");

		Reply first = api.post("/api/dms", alice, Map.of("username", bob.username()));
		assertThat(first.status()).isBetween(200, 201);
		String dm = first.body().get("id").asString();
		assertThat(first.body().get("direct").asBoolean()).isTrue();
		assertThat(first.body().get("members").values()).extracting(JsonNode::asString)
			.containsExactlyInAnyOrder(alice.username(), bob.username());
		assertThat(api.post("/api/dms", alice, Map.of("username", bob.username())).body().get("id").asString())
			.isEqualTo(dm);
		assertThat(api.post("/api/dms", bob, Map.of("username", alice.username())).body().get("id").asString())
			.isEqualTo(dm);
		assertThat(api.post("/api/dms", carol, Map.of("username", alice.username())).body().get("id").asString())
			.isNotEqualTo(dm);
		assertThat(api.get("/api/rooms", bob).body().values()).extracting((r) -> r.get("id").asString())
			.containsExactly(dm);

		Reply toSelf = api.post("/api/dms", alice, Map.of("username", alice.username()));
		assertThat(toSelf.status()).isEqualTo(400);
		Reply toNobody = api.post("/api/dms", alice, Map.of("username", "nobody-here"));
		assertThat(toNobody.status()).isEqualTo(404);
		assertThat(toNobody.problemType()).isEqualTo("urn:lowband:problem:unknown-user");
	}

	@Test
	void peopleFindEachOtherByUsernameAndDisplayName() {
		ChatUser dora = api.newUser("dora");
		assertThat(api.post("/api/users", null,
				Map.of("username", "explorer-" + dora.username(), "password", "long enough", "displayName", "Boots Monkey"))
			.status()).isEqualTo(201);

		JsonNode me = api.get("/api/users/me", dora).body();
		assertThat(me.get("username").asString()).isEqualTo(dora.username());
		assertThat(api.get("/api/users?query=explorer-" + dora.username(), dora).body().values())
			.extracting((u) -> u.get("displayName").asString())
			.containsExactly("Boots Monkey");
		assertThat(api.get("/api/users?query=boots%20monkey", dora).body().values())
			.extracting((u) -> u.get("username").asString())
			.contains("explorer-" + dora.username());
		Reply taken = api.post("/api/users", null, Map.of("username", dora.username(), "password", "long enough"));
		assertThat(taken.status()).isEqualTo(409);
		assertThat(taken.problemType()).isEqualTo("urn:lowband:problem:username-taken");
	}

	static List<Long> seqs(List<JsonNode> messages) {
		return messages.stream().map((m) -> m.get("seq").asLong()).toList();
	}

	private static List<String> sentBy(List<JsonNode> messages, ChatUser sender, String field) {
		return messages.stream()
			.filter((m) -> m.get("from").asString().equals(sender.username()))
			.map((m) -> m.get(field).asString())
			.toList();
	}

}
