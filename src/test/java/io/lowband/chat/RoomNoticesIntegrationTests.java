package io.lowband.chat;

import java.util.Map;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an app needs to show a room as it is: every member's read and delivery markers in the answer for one room
 * (for ticks after a reload), and a {@code members} event on the inbox of those still in the room when someone is
 * added, leaves or is removed (for the timeline's notes and the header's member count).
 */
class RoomNoticesIntegrationTests {

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
	void oneRoomTellsHowFarEachMemberReadAndHolds() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		ChatUser carol = api.newUser("carol");
		String room = api.createRoom(alice, bob, carol);
		api.send(alice, room, "receipt-0000001", "One");
		api.send(alice, room, "receipt-0000002", "Two");
		assertThat(api.put("/api/rooms/" + room + "/read", bob, Map.of("seq", 1)).status()).isEqualTo(200);

		JsonNode receipts = api.get("/api/rooms/" + room, alice).body().get("receipts");
		assertThat(receipts.get(bob.username()).get("read").asLong()).isEqualTo(1);
		assertThat(receipts.get(bob.username()).get("delivered").asLong()).isEqualTo(1);
		assertThat(receipts.get(carol.username()).get("read").asLong()).isZero();
		assertThat(receipts.get(carol.username()).get("delivered").asLong()).isZero();
		assertThat(receipts.size()).isEqualTo(3);
		assertThat(api.get("/api/rooms", alice).body().get(0).has("receipts")).as("not in the list").isFalse();
		assertThat(api.get("/api/rooms/" + room, api.newUser("dave")).status()).isEqualTo(403);
	}

	@Test
	void membersHearWhoWasAddedLeftOrRemovedAndByWhom() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		ChatUser carol = api.newUser("carol");
		String room = api.createRoom(alice, bob);
		String bobsInbox = ChatTopics.inbox(bob.username());
		try (ChatClient bobApp = ChatClient.mqtt5(app).as(bob).connect();
				ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect()) {
			assertThat(bobApp.subscribe(bobsInbox)).isTrue();
			assertThat(aliceApp.subscribe(ChatTopics.inbox(alice.username()))).isTrue();

			api.post("/api/rooms/" + room + "/members", alice, Map.of("username", carol.username()));
			JsonNode added = bobApp.awaitMessage(bobsInbox, (e) -> e.get("type").asString().equals("members"));
			assertThat(added.get("room").asString()).isEqualTo(room);
			assertThat(added.get("change").asString()).isEqualTo("added");
			assertThat(added.get("user").asString()).isEqualTo(carol.username());
			assertThat(added.get("by").asString()).isEqualTo(alice.username());
			assertThat(added.get("members").values()).extracting(JsonNode::asString)
				.containsExactly(alice.username(), bob.username(), carol.username());

			api.delete("/api/rooms/" + room + "/members/" + carol.username(), alice);
			JsonNode removed = bobApp.awaitMessage(bobsInbox,
					(e) -> e.get("type").asString().equals("members") && e.get("change").asString().equals("removed"));
			assertThat(removed.get("user").asString()).isEqualTo(carol.username());
			assertThat(removed.get("members").values()).extracting(JsonNode::asString)
				.containsExactly(alice.username(), bob.username());

			api.delete("/api/rooms/" + room + "/members/" + alice.username(), alice);
			JsonNode left = bobApp.awaitMessage(bobsInbox,
					(e) -> e.get("type").asString().equals("members") && e.get("change").asString().equals("left"));
			assertThat(left.get("user").asString()).isEqualTo(alice.username());
			assertThat(left.get("manager").asString()).as("handed over").isEqualTo(bob.username());
			assertThat(aliceApp.on(ChatTopics.inbox(alice.username())))
				.noneMatch((e) -> e.get("type").asString().equals("members") && e.get("change").asString().equals("left"));
		}
	}

	@Test
	void oneRoomListsWhoCameAndWentSinceTheReaderWasAdded() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		ChatUser carol = api.newUser("carol");
		ChatUser dave = api.newUser("dave");
		String room = api.createRoom(alice, bob);
		api.post("/api/rooms/" + room + "/members", alice, Map.of("username", carol.username()));
		api.delete("/api/rooms/" + room + "/members/" + carol.username(), alice);
		api.post("/api/rooms/" + room + "/members", bob, Map.of("username", dave.username()));
		api.delete("/api/rooms/" + room + "/members/" + bob.username(), bob);

		assertThat(changes(alice, room)).containsExactly("added " + carol.username() + " by " + alice.username(),
				"removed " + carol.username() + " by " + alice.username(),
				"added " + dave.username() + " by " + bob.username(), "left " + bob.username() + " by " + bob.username());
		assertThat(changes(dave, room)).as("nothing from before dave was added")
			.containsExactly("added " + dave.username() + " by " + bob.username(),
					"left " + bob.username() + " by " + bob.username());
		assertThat(api.get("/api/rooms", alice).body().get(0).has("changes")).as("not in the list").isFalse();
	}

	private static java.util.List<String> changes(ChatUser reader, String room) {
		return api.get("/api/rooms/" + room, reader)
			.body()
			.get("changes")
			.values()
			.stream()
			.map((c) -> c.get("change").asString() + " " + c.get("user").asString() + " by " + c.get("by").asString())
			.toList();
	}

}
