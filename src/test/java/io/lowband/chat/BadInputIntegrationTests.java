package io.lowband.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.chat.ChatApi.Reply;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every bad send gets an answer that says what was wrong, over MQTT on the sender's inbox and over REST as a
 * problem detail; nothing bad is stored, and the next good message is stored as if nothing had happened.
 */
class BadInputIntegrationTests {

	private static final String TOO_LONG = "x".repeat(4001);

	/** 1,334 characters but 4,002 UTF-8 bytes: the limit counts bytes. */
	private static final String TOO_MANY_BYTES = "€".repeat(1334);

	private static final String AT_THE_LIMIT = "y".repeat(3998) + "é";

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
	void badSendsOverMqttAreRejectedOnTheSendersInboxAndTheBridgeCarriesOn() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(alice, bob);
		List<BadSend> bad = badSends(room);
		String inbox = ChatTopics.inbox(alice.username());
		String messages = ChatTopics.messages(room);
		try (ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect();
				ChatClient bobApp = ChatClient.mqtt3(app).overWebSocket().as(bob).connect()) {
			assertThat(aliceApp.subscribe(inbox)).isTrue();
			assertThat(bobApp.subscribe(messages)).isTrue();

			for (BadSend send : bad) {
				aliceApp.publish(ChatTopics.inbound(send.room(), alice.username()), send.payload());
			}
			aliceApp.send(room, alice.username(), "good-00000001", "Finally, a good one");
			aliceApp.send(room, alice.username(), "good-00000002", AT_THE_LIMIT);

			// Rejections keep the order of the sends within a room; rooms are written in parallel.
			List<JsonNode> received = aliceApp.awaitCount(inbox, bad.size());
			List<JsonNode> rejections = new ArrayList<>();
			List<BadSend> inRoomOrder = new ArrayList<>();
			for (String target : bad.stream().map(BadSend::room).distinct().toList()) {
				received.stream().filter((r) -> target.equals(r.path("room").asString())).forEach(rejections::add);
				bad.stream().filter((b) -> b.room().equals(target)).forEach(inRoomOrder::add);
			}
			assertThat(rejections).hasSameSizeAs(bad);
			for (int i = 0; i < bad.size(); i++) {
				JsonNode rejection = rejections.get(i);
				BadSend send = inRoomOrder.get(i);
				assertThat(rejection.get("type").asString()).isEqualTo("rejected");
				assertThat(rejection.get("reason").asString()).as(send.payload()).isEqualTo(send.reason());
				assertThat(rejection.get("room").asString()).isEqualTo(send.room());
				assertThat(rejection.get("id").isNull() ? null : rejection.get("id").asString()).isEqualTo(send.id());
				assertThat(rejection.get("detail").asString()).isNotBlank();
			}
			List<JsonNode> delivered = bobApp.awaitCount(messages, 2);
			assertThat(delivered).extracting((m) -> m.get("id").asString())
				.containsExactly("good-00000001", "good-00000002");
			assertThat(ChatIntegrationTests.seqs(delivered)).containsExactly(1L, 2L);
			assertThat(delivered.get(1).get("body").asString()).isEqualTo(AT_THE_LIMIT);
			assertThat(api.history(bob, room)).isEqualTo(delivered);
			assertThat(aliceApp.on(inbox)).hasSize(bad.size());
		}
	}

	@Test
	void badSendsOverRestAreProblemDetailsAndNothingIsStored() {
		ChatUser alice = api.newUser("alice");
		String room = api.createRoom(alice);
		String path = "/api/rooms/" + room + "/messages";
		List<BadSend> bad = badSends(room);

		for (BadSend send : bad) {
			Reply reply = api.call("POST", "/api/rooms/" + send.room() + "/messages", "Bearer " + alice.token(),
					send.payload());
			assertThat(reply.status()).as(send.payload()).isEqualTo(send.status());
			assertThatIsProblem(reply, send.reason());
		}
		assertThat(api.history(alice, room)).isEmpty();
		assertThat(api.send(alice, room, "good-00000001", "Finally, a good one").get("seq").asLong()).isEqualTo(1);
		assertThat(api.send(alice, room, "good-00000002", AT_THE_LIMIT).get("seq").asLong()).isEqualTo(2);
		assertThat(api.post(path, alice, Map.of("id", "good-00000003", "body", TOO_LONG)).status()).isEqualTo(413);
		assertThat(api.history(alice, room)).hasSize(2);
	}

	@Test
	void withoutAValidTokenEveryCallIs401() {
		ChatUser alice = api.newUser("alice");
		for (String authorization : new String[] { null, "Bearer ", "Bearer not-a-real-token",
				"Basic " + java.util.Base64.getEncoder().encodeToString((alice.username() + ":" + alice.password()).getBytes()),
				alice.token() }) {
			for (Reply reply : List.of(api.call("GET", "/api/users/me", authorization, null),
					api.call("GET", "/api/rooms", authorization, null),
					api.call("POST", "/api/rooms", authorization, Map.of("name", "Mine")))) {
				assertThat(reply.status()).as("Authorization: %s", authorization).isEqualTo(401);
				assertThatIsProblem(reply, "unauthenticated");
			}
		}
		assertThat(api.get("/api/users/me", alice).status()).isEqualTo(200);
	}

	@Test
	void aRevokedTokenNoLongerSignsInOverRestOrMqtt() {
		ChatUser alice = api.newUser("alice");
		ChatUser onPhone = api.signIn(alice.username(), alice.password());
		String room = api.createRoom(onPhone);
		assertThat(api.get("/api/users/me", onPhone).status()).isEqualTo(200);

		assertThat(api.delete("/api/tokens/current", onPhone).status()).isEqualTo(204);

		assertThat(api.get("/api/users/me", onPhone).status()).isEqualTo(401);
		Reply send = api.post("/api/rooms/" + room + "/messages", onPhone, Map.of("id", "revoked-0001", "body", "hi"));
		assertThat(send.status()).isEqualTo(401);
		assertThatIsProblem(send, "unauthenticated");
		assertThatThrownBy(() -> ChatClient.mqtt5(app).as(onPhone).connect())
			.isInstanceOf(Mqtt5ConnAckException.class);
		assertThat(api.get("/api/users/me", alice).status()).as("the other token still works").isEqualTo(200);
		assertThat(api.history(alice, room)).isEmpty();
	}

	@Test
	void badRegistrationsSignInsAndRoomRequestsAreExplained() {
		ChatUser alice = api.newUser("alice");
		Map<String, Object> badUsername = Map.of("username", "Not Valid!", "password", "long enough");
		assertProblem(api.post("/api/users", null, badUsername), 400, "invalid-request");
		assertProblem(api.post("/api/users", null, Map.of("username", "x", "password", "long enough")), 400,
				"invalid-request");
		assertProblem(api.post("/api/users", null, Map.of("username", "shortpass-user", "password", "short")), 400,
				"invalid-request");
		assertProblem(api.call("POST", "/api/users", null, "{\"username\":"), 400, "malformed");
		assertProblem(api.post("/api/tokens", null, Map.of("username", alice.username(), "password", "wrong-password")),
				401, "bad-credentials");
		assertProblem(api.post("/api/tokens", null, Map.of("username", "nobody-here", "password", "wrong-password")),
				401, "bad-credentials");
		assertProblem(api.post("/api/rooms", alice, Map.of("name", "Party", "members", List.of("nobody-here"))), 404,
				"unknown-user");
		assertProblem(api.post("/api/rooms", alice, Map.of("name", "n".repeat(81))), 400, "invalid-request");
		String room = api.createRoom(alice);
		assertProblem(api.post("/api/rooms/" + room + "/members", alice, Map.of("username", "nobody-here")), 404,
				"unknown-user");
		assertProblem(api.post("/api/rooms/" + room + "/members", alice, Map.of()), 400, "invalid-request");
		assertThat(api.get("/api/rooms", alice).body().values()).hasSize(1);
	}

	private static void assertProblem(Reply reply, int status, String kind) {
		assertThat(reply.status()).as("%s", reply.text()).isEqualTo(status);
		assertThatIsProblem(reply, kind);
	}

	private static void assertThatIsProblem(Reply reply, String kind) {
		assertThat(reply.contentType()).as(reply.text()).startsWith("application/problem+json");
		assertThat(reply.problemType()).as(reply.text()).isEqualTo("urn:lowband:problem:" + kind);
		assertThat(reply.body().get("status").asInt()).isEqualTo(reply.status());
		assertThat(reply.body().get("detail").asString()).as(reply.text()).isNotBlank();
	}

	private static String json(String id, String body) {
		return ChatApi.JSON.writeValueAsString(Map.of("id", id, "body", body));
	}

	/** The same bad sends go over MQTT and REST; the last one is to a room that does not exist. */
	private static List<BadSend> badSends(String room) {
		return List.of(new BadSend(room, "this is not JSON", "malformed", null, 400),
				new BadSend(room, "[1, 2, 3]", "malformed", null, 400), new BadSend(room, "", "malformed", null, 400),
				new BadSend(room, "{\"id\":\"cut-off-0001\",\"body\":\"hel", "malformed", null, 400),
				new BadSend(room, "{\"body\":\"Who am I?\"}", "bad-id", null, 400),
				new BadSend(room, json("short", "Hi"), "bad-id", "short", 400),
				new BadSend(room, json("i".repeat(65), "Hi"), "bad-id", "i".repeat(65), 400),
				new BadSend(room, json("empty-body-01", ""), "empty-body", "empty-body-01", 400),
				new BadSend(room, json("blank-body-01", "  \n "), "empty-body", "blank-body-01", 400),
				new BadSend(room, "{\"id\":\"no-body-0001\"}", "empty-body", "no-body-0001", 400),
				new BadSend(room, json("too-long-0001", TOO_LONG), "too-long", "too-long-0001", 413),
				new BadSend(room, json("too-long-0002", TOO_MANY_BYTES), "too-long", "too-long-0002", 413),
				new BadSend("nosuchroom000000", json("lost-00000001", "Hello?"), "unknown-room", "lost-00000001", 404));
	}

	/**
	 * A bad send and its answer: the reason (also the problem type), the client id an MQTT rejection echoes (null
	 * when it cannot be read), and the HTTP status.
	 */
	record BadSend(String room, String payload, String reason, String id, int status) {
	}

}
