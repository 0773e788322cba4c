package io.lowband.chat;

import java.util.List;
import java.util.Map;

import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.chat.ChatApi.Reply;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A room is for its members only: a stranger reads and writes nothing of it, by any topic, wildcard or REST call,
 * and nobody gets on the broker without an account.
 */
class RoomAccessIntegrationTests {

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(ChatApi.FAST_SIGN_IN);

	static RunningApp app;

	static ChatApi api;

	ChatUser alice;

	ChatUser bob;

	ChatUser carol;

	String room;

	ChatClient aliceApp;

	ChatClient bobApp;

	ChatClient carolApp;

	@BeforeAll
	static void start() {
		app = shared.app();
		api = new ChatApi(app);
	}

	@BeforeEach
	void aliceAndBobHaveARoomCarolIsNotIn() {
		alice = api.newUser("alice");
		bob = api.newUser("bob");
		carol = api.newUser("carol");
		room = api.createRoom(alice, bob);
		aliceApp = ChatClient.mqtt5(app).as(alice).connect();
		bobApp = ChatClient.mqtt5(app).overWebSocket().as(bob).connect();
		carolApp = ChatClient.mqtt5(app).as(carol).connect();
		assertThat(aliceApp.subscribe(ChatTopics.inbox(alice.username()))).isTrue();
		assertThat(bobApp.subscribe(ChatTopics.messages(room))).isTrue();
		assertThat(bobApp.subscribe(ChatTopics.inbox(bob.username()))).isTrue();
		assertThat(carolApp.subscribe(ChatTopics.inbox(carol.username()))).isTrue();
	}

	@AfterEach
	void disconnect() {
		aliceApp.close();
		bobApp.close();
		carolApp.close();
	}

	@Test
	void aStrangerCannotSubscribeToTheRoomOrAnotherInboxByNameOrWildcard() {
		List<String> filters = List.of(ChatTopics.messages(room), "rooms/+/messages", "rooms/" + room + "/+",
				"rooms/" + room + "/#", "rooms/#", "+/+/messages", "#", ChatTopics.inbox(alice.username()),
				"users/+/inbox", "users/#");
		for (String filter : filters) {
			assertThat(carolApp.subscribe(filter)).as("carol subscribes to %s", filter).isFalse();
		}
		try (ChatClient carolOnMqtt3 = ChatClient.mqtt3(app).overWebSocket().as(carol).connect()) {
			for (String filter : filters) {
				assertThat(carolOnMqtt3.subscribe(filter)).as("carol subscribes to %s over MQTT 3.1.1", filter)
					.isFalse();
			}
			assertThat(carolOnMqtt3.subscribe(ChatTopics.inbox(carol.username()))).isTrue();
			api.send(alice, room, "private-0000001", "Just between us");
			aliceApp.send("no-such-room-at-all", alice.username(), "lost-00000001", "Anyone?");
			aliceApp.awaitMessage(ChatTopics.inbox(alice.username()), (e) -> e.get("type").asString().equals("rejected"));
			bobApp.awaitCount(ChatTopics.messages(room), 1);

			// The fan-out publishes in order on one connection: carol's own rejection comes after everything above.
			carolApp.send(room, carol.username(), "barrier-00000001", "let me in");
			for (ChatClient carolsApp : List.of(carolApp, carolOnMqtt3)) {
				carolsApp.awaitMessage(ChatTopics.inbox(carol.username()),
						(e) -> e.get("id").asString().equals("barrier-00000001"));
				assertThat(carolsApp.topics()).containsExactly(ChatTopics.inbox(carol.username()));
				assertThat(carolsApp.on(ChatTopics.inbox(carol.username()))).hasSize(1);
			}
		}
	}

	@Test
	void aStrangersSendIsRejectedOnTheirInboxAndNothingIsStored() {
		carolApp.send(room, carol.username(), "stranger-0000001", "Hello, strangers");

		JsonNode rejection = carolApp.awaitMessage(ChatTopics.inbox(carol.username()),
				(e) -> e.get("type").asString().equals("rejected"));
		assertThat(rejection.get("room").asString()).isEqualTo(room);
		assertThat(rejection.get("id").asString()).isEqualTo("stranger-0000001");
		assertThat(rejection.get("reason").asString()).isEqualTo("not-a-member");
		assertThat(rejection.get("detail").asString()).isNotBlank();
		assertThat(api.history(alice, room)).isEmpty();
		assertThatBobGetsOnlyTheNextRealMessage(1);
	}

	@Test
	void nobodyButTheServerPublishesOnARoomAndNobodyWritesAsSomeoneElse() {
		String fake = "{\"id\":\"fake-00000001\",\"room\":\"" + room + "\",\"seq\":1,\"from\":\""
				+ alice.username() + "\",\"body\":\"I am alice, honestly\",\"ts\":\"2020-01-01T00:00:00Z\"}";
		carolApp.publish(ChatTopics.messages(room), fake);
		carolApp.publish(ChatTopics.inbound(room, alice.username()), "{\"id\":\"fake-00000002\",\"body\":\"I am alice\"}");
		carolApp.publish(ChatTopics.inbox(bob.username()), "{\"type\":\"removed\",\"room\":\"" + room + "\"}");
		bobApp.publish(ChatTopics.messages(room), fake);
		bobApp.publish(ChatTopics.inbound(room, alice.username()), "{\"id\":\"fake-00000003\",\"body\":\"I am alice\"}");
		// Each client's publishes are handled in order; these rejections come after everything above.
		carolApp.send(room, carol.username(), "barrier-00000001", "in order");
		bobApp.send("no-such-room-at-all", bob.username(), "barrier-00000002", "in order");
		carolApp.awaitMessage(ChatTopics.inbox(carol.username()), (e) -> e.get("id").asString().equals("barrier-00000001"));
		bobApp.awaitMessage(ChatTopics.inbox(bob.username()), (e) -> e.get("id").asString().equals("barrier-00000002"));

		assertThat(bobApp.on(ChatTopics.inbox(bob.username()))).as("only bob's own rejection, no fake event")
			.extracting((e) -> e.get("id").asString())
			.containsExactly("barrier-00000002");
		assertThat(api.history(alice, room)).isEmpty();
		assertThatBobGetsOnlyTheNextRealMessage(1);
	}

	@Test
	void aStrangerGets403OverRestAndAMissingRoomIs404() {
		api.send(alice, room, "private-0000001", "Just between us");
		String base = "/api/rooms/" + room;
		List<Reply> forbidden = List.of(api.get(base, carol), api.get(base + "/messages", carol),
				api.get(base + "/messages?after=0", carol),
				api.post(base + "/messages", carol, Map.of("id", "stranger-0000001", "body", "hi")),
				api.put(base + "/read", carol, Map.of("seq", 1)),
				api.post(base + "/members", carol, Map.of("username", carol.username())),
				api.delete(base + "/members/" + bob.username(), carol));
		assertThat(forbidden).allSatisfy((reply) -> {
			assertThat(reply.status()).isEqualTo(403);
			assertThat(reply.contentType()).startsWith("application/problem+json");
			assertThat(reply.problemType()).isEqualTo("urn:lowband:problem:not-a-member");
			assertThat(reply.text()).doesNotContain("Just between us");
		});
		assertThat(api.get("/api/rooms", carol).body().values()).isEmpty();

		String missing = "/api/rooms/nosuchroom0000000";
		List<Reply> notFound = List.of(api.get(missing, alice), api.get(missing + "/messages", alice),
				api.post(missing + "/messages", alice, Map.of("id", "lost-00000001", "body", "hi")),
				api.put(missing + "/read", alice, Map.of("seq", 1)));
		assertThat(notFound).allSatisfy((reply) -> {
			assertThat(reply.status()).isEqualTo(404);
			assertThat(reply.problemType()).isEqualTo("urn:lowband:problem:unknown-room");
		});
		assertThat(api.history(bob, room)).hasSize(1);
	}

	@Test
	void theBrokerRefusesAnonymousClientsWrongPasswordsAndOtherPeoplesTokens() {
		assertThatThrownBy(() -> ChatClient.mqtt5(app).connect()).isInstanceOf(Mqtt5ConnAckException.class);
		assertThatThrownBy(() -> ChatClient.mqtt3(app).overWebSocket().connect())
			.isInstanceOf(Mqtt3ConnAckException.class);
		assertThatThrownBy(() -> ChatClient.mqtt5(app).as(alice.username(), "not-the-password").connect())
			.isInstanceOf(Mqtt5ConnAckException.class);
		assertThatThrownBy(() -> ChatClient.mqtt3(app).as(alice.username(), "not-the-password").connect())
			.isInstanceOf(Mqtt3ConnAckException.class);
		assertThatThrownBy(() -> ChatClient.mqtt5(app).as(carol.username(), alice.token()).connect())
			.isInstanceOf(Mqtt5ConnAckException.class);
		assertThatThrownBy(() -> ChatClient.mqtt5(app).as("nobody-here", "whatever-secret").connect())
			.isInstanceOf(Mqtt5ConnAckException.class);

		try (ChatClient withPassword = ChatClient.mqtt3(app).as(alice.username(), alice.password()).connect()) {
			assertThat(withPassword.subscribe(ChatTopics.messages(room))).isTrue();
		}
	}

	/** Alice sends a real message: it has the expected seq and is the only thing bob ever got on the room. */
	private void assertThatBobGetsOnlyTheNextRealMessage(long expectedSeq) {
		aliceApp.send(room, alice.username(), "real-00000001", "The real alice");
		List<JsonNode> seen = bobApp.awaitCount(ChatTopics.messages(room), 1);
		assertThat(seen).hasSize(1);
		assertThat(seen.get(0).get("seq").asLong()).isEqualTo(expectedSeq);
		assertThat(seen.get(0).get("from").asString()).isEqualTo(alice.username());
		assertThat(seen.get(0).get("body").asString()).isEqualTo("The real alice");
		assertThat(api.history(bob, room)).isEqualTo(seen);
	}

}
