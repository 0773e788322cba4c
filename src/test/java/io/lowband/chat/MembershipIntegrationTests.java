package io.lowband.chat;

import java.util.Map;

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
 * Adding and removing members takes effect at once: a removed member hears nothing more from the room even while
 * their app stays connected with a persistent session, and an added member hears about it and can subscribe.
 */
class MembershipIntegrationTests {

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
	void aMemberRemovedByTheCreatorStopsReceivingAtOnce() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(alice, bob);
		try (ChatClient bobApp = ChatClient.mqtt5(app).persistent().as(bob).connect()) {
			assertThatRemovalStopsDelivery(alice, bob, room, bobApp,
					() -> api.delete("/api/rooms/" + room + "/members/" + bob.username(), alice));
		}
	}

	@Test
	void aMemberWhoLeavesStopsReceivingAtOnce() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(alice, bob);
		try (ChatClient bobApp = ChatClient.mqtt3(app).overWebSocket().persistent().as(bob).connect()) {
			assertThatRemovalStopsDelivery(alice, bob, room, bobApp,
					() -> api.delete("/api/rooms/" + room + "/members/" + bob.username(), bob));
		}
	}

	@Test
	void aMessageSentTheMomentSomeoneIsRemovedDoesNotReachThem() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(alice, bob);
		try (ChatClient bobApp = ChatClient.mqtt5(app).persistent().as(bob).connect()) {
			String inbox = ChatTopics.inbox(bob.username());
			assertThat(bobApp.subscribe(ChatTopics.messages(room))).isTrue();
			assertThat(bobApp.subscribe(inbox)).isTrue();

			api.delete("/api/rooms/" + room + "/members/" + bob.username(), alice);
			api.send(alice, room, "after-000000001", "Sent the moment bob was removed");
			bobApp.awaitMessage(inbox, (e) -> e.get("type").asString().equals("removed"));
			// Bob's own send is answered on his inbox after everything the server published before it.
			bobApp.send(room, bob.username(), "bob-after-00001", "Can I still talk?");
			bobApp.awaitMessage(inbox, (e) -> e.get("type").asString().equals("rejected"));

			assertThat(bobApp.on(ChatTopics.messages(room))).isEmpty();
		}
	}

	@Test
	void onlyTheManagerRemovesOthers() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		ChatUser carol = api.newUser("carol");
		String room = api.createRoom(alice, bob, carol);

		Reply refused = api.delete("/api/rooms/" + room + "/members/" + carol.username(), bob);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.problemType()).isEqualTo("urn:lowband:problem:not-allowed");
		assertThat(api.get("/api/rooms/" + room, carol).status()).isEqualTo(200);
	}

	@Test
	void whenTheManagerLeavesTheLongestStandingMemberManages() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		ChatUser carol = api.newUser("carol");
		ChatUser dave = api.newUser("dave");
		String room = api.createRoom(alice, bob, carol);
		assertThat(api.post("/api/rooms/" + room + "/members", carol, Map.of("username", dave.username())).status())
			.isEqualTo(200);
		assertThat(summary(bob, room).get("manager").asString()).isEqualTo(alice.username());

		assertThat(api.delete("/api/rooms/" + room + "/members/" + alice.username(), alice).status()).isEqualTo(204);

		JsonNode seen = summary(carol, room);
		assertThat(seen.get("manager").asString()).isEqualTo(bob.username());
		assertThat(seen.get("createdBy").asString()).isEqualTo(alice.username());
		assertThat(api.get("/api/rooms/" + room, dave).body().get("manager").asString()).isEqualTo(bob.username());
		assertThat(api.delete("/api/rooms/" + room + "/members/" + bob.username(), carol).status()).isEqualTo(403);
		assertThat(api.delete("/api/rooms/" + room + "/members/" + dave.username(), bob).status()).isEqualTo(204);

		// The creator asked back in is one member among others; the manager stays who it is.
		assertThat(api.post("/api/rooms/" + room + "/members", carol, Map.of("username", alice.username())).status())
			.isEqualTo(200);
		assertThat(api.delete("/api/rooms/" + room + "/members/" + carol.username(), alice).status()).isEqualTo(403);
		assertThat(summary(alice, room).get("manager").asString()).isEqualTo(bob.username());
	}

	@Test
	void inADirectRoomNobodyRemovesTheOtherAndNobodyManages() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		String dm = api.post("/api/dms", alice, Map.of("username", bob.username())).body().get("id").asString();
		assertThat(summary(bob, dm).get("manager").isNull()).isTrue();

		Reply refused = api.delete("/api/rooms/" + dm + "/members/" + bob.username(), alice);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.problemType()).isEqualTo("urn:lowband:problem:not-allowed");
		assertThat(api.get("/api/rooms/" + dm, bob).status()).isEqualTo(200);
		assertThat(api.delete("/api/rooms/" + dm + "/members/" + bob.username(), bob).status()).isEqualTo(204);
	}

	@Test
	void anAddedMemberHearsAboutItCanSubscribeAndReceives() {
		ChatUser alice = api.newUser("alice");
		ChatUser dave = api.newUser("dave");
		String room = api.createRoom(alice);
		api.send(alice, room, "before-dave-01", "Dave is not here yet");
		try (ChatClient daveApp = ChatClient.mqtt5(app).overWebSocket().as(dave).connect()) {
			assertThat(daveApp.subscribe(ChatTopics.inbox(dave.username()))).isTrue();
			assertThat(daveApp.subscribe(ChatTopics.messages(room))).as("before being added").isFalse();

			Reply added = api.post("/api/rooms/" + room + "/members", alice, Map.of("username", dave.username()));
			assertThat(added.status()).isEqualTo(200);
			JsonNode event = daveApp.awaitMessage(ChatTopics.inbox(dave.username()),
					(e) -> e.get("type").asString().equals("added"));
			assertThat(event.get("room").get("id").asString()).isEqualTo(room);
			assertThat(event.get("room").get("name").asString()).isEqualTo("Room of " + alice.username());

			assertThat(daveApp.subscribe(ChatTopics.messages(room))).isTrue();
			api.send(alice, room, "after-dave-01", "Welcome, Dave");
			JsonNode welcome = daveApp.awaitMessage(ChatTopics.messages(room), (m) -> true);
			assertThat(welcome.get("body").asString()).isEqualTo("Welcome, Dave");
			assertThat(welcome.get("seq").asLong()).isEqualTo(2);
			assertThat(api.history(dave, room)).hasSize(2);
			assertThat(api.get("/api/rooms", dave).body().values()).extracting((r) -> r.get("id").asString())
				.containsExactly(room);
		}
	}

	@Test
	void peopleInvitedAtCreationHearAboutTheRoom() {
		ChatUser alice = api.newUser("alice");
		ChatUser erin = api.newUser("erin");
		try (ChatClient erinApp = ChatClient.mqtt3(app).as(erin).connect()) {
			assertThat(erinApp.subscribe(ChatTopics.inbox(erin.username()))).isTrue();
			String room = api.createRoom(alice, erin);

			JsonNode event = erinApp.awaitMessage(ChatTopics.inbox(erin.username()), (e) -> true);
			assertThat(event.get("type").asString()).isEqualTo("added");
			assertThat(event.get("room").get("id").asString()).isEqualTo(room);
		}
	}

	/** The room as {@code reader} sees it in {@code GET /api/rooms}. */
	private static JsonNode summary(ChatUser reader, String room) {
		return api.get("/api/rooms", reader)
			.body()
			.values()
			.stream()
			.filter((r) -> r.get("id").asString().equals(room))
			.findFirst()
			.orElseThrow();
	}

	private void assertThatRemovalStopsDelivery(ChatUser alice, ChatUser bob, String room, ChatClient bobApp,
			Runnable removal) {
		String messages = ChatTopics.messages(room);
		String inbox = ChatTopics.inbox(bob.username());
		assertThat(bobApp.subscribe(messages)).isTrue();
		assertThat(bobApp.subscribe(inbox)).isTrue();
		api.send(alice, room, "before-00000001", "Still here, bob?");
		bobApp.awaitCount(messages, 1);

		removal.run();
		JsonNode removed = bobApp.awaitMessage(inbox, (e) -> e.get("type").asString().equals("removed"));
		assertThat(removed.get("room").asString()).isEqualTo(room);
		api.send(alice, room, "after-000000001", "Bob is gone");
		// Bob's own send is answered on his inbox after everything the server published before it.
		bobApp.send(room, bob.username(), "bob-after-00001", "Can I still talk?");
		JsonNode refused = bobApp.awaitMessage(inbox, (e) -> e.get("type").asString().equals("rejected"));
		assertThat(refused.get("reason").asString()).isEqualTo("not-a-member");

		assertThat(bobApp.on(messages)).extracting((m) -> m.get("id").asString()).containsExactly("before-00000001");
		assertThat(bobApp.subscribe(messages)).as("subscribing again").isFalse();
		assertThat(api.get("/api/rooms/" + room + "/messages", bob).status()).isEqualTo(403);
		assertThat(api.history(alice, room)).hasSize(2);
	}

}
