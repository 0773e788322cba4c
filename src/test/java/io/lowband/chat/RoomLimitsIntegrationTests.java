package io.lowband.chat;

import java.util.List;
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
 * Rooms are not a spam vector: past three rooms or five people added an hour, a user is told to wait (429 with
 * Retry-After), and the refused request creates no room, adds nobody and tells nobody.
 */
class RoomLimitsIntegrationTests {

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(ChatApi.FAST_SIGN_IN, "--lowband.chat.rooms-per-hour=3",
			"--lowband.chat.invitations-per-hour=5");

	static RunningApp app;

	static ChatApi api;

	@BeforeAll
	static void start() {
		app = shared.app();
		api = new ChatApi(app);
	}

	@Test
	void theFourthRoomInAnHourIsRefusedAndNobodyHearsOfIt() {
		ChatUser mallory = api.newUser("mallory");
		ChatUser victim = api.newUser("victim");
		try (ChatClient victimApp = ChatClient.mqtt5(app).as(victim).connect()) {
			String inbox = ChatTopics.inbox(victim.username());
			assertThat(victimApp.subscribe(inbox)).isTrue();
			for (int i = 0; i < 3; i++) {
				api.createRoom(mallory, victim);
			}

			Reply refused = createRoom(mallory, victim);
			assertTooMany(refused, "too-many-rooms", 1200);

			assertThat(api.get("/api/rooms", mallory).body().values()).hasSize(3);
			assertThat(api.get("/api/rooms", victim).body().values()).hasSize(3);
			assertTheVictimHeardOfNothingMore(victim, victimApp, 3);
		}
	}

	@Test
	void thePeopleAddedCountAcrossNewRoomsAddsAndDirectRooms() {
		ChatUser mallory = api.newUser("mallory");
		List<ChatUser> people = List.of(api.newUser("p"), api.newUser("p"), api.newUser("p"), api.newUser("p"),
				api.newUser("p"));
		ChatUser victim = api.newUser("victim");
		try (ChatClient victimApp = ChatClient.mqtt5(app).as(victim).connect()) {
			String inbox = ChatTopics.inbox(victim.username());
			assertThat(victimApp.subscribe(inbox)).isTrue();
			String room = api.createRoom(mallory, people.get(0), people.get(1));
			assertThat(add(mallory, room, people.get(2)).status()).isEqualTo(200);
			assertThat(add(mallory, room, people.get(2)).status()).as("adding someone already in").isEqualTo(200);
			assertThat(dm(mallory, people.get(3)).status()).isEqualTo(200);
			assertThat(dm(mallory, people.get(4)).status()).isEqualTo(200);

			assertTooMany(add(mallory, room, victim), "too-many-invitations", 720);
			assertTooMany(dm(mallory, victim), "too-many-invitations", 720);
			assertTooMany(createRoom(mallory, victim), "too-many-invitations", 720);
			assertThat(dm(mallory, people.get(4)).status()).as("a direct room that exists already").isEqualTo(200);

			assertThat(api.get("/api/rooms/" + room, mallory).body().get("members").values())
				.extracting(JsonNode::asString)
				.doesNotContain(victim.username());
			assertThat(api.get("/api/rooms", mallory).body().values()).hasSize(3);
			assertTheVictimHeardOfNothingMore(victim, victimApp, 0);
		}
	}

	private static Reply createRoom(ChatUser owner, ChatUser member) {
		return api.post("/api/rooms", owner, Map.of("name", "Spam", "members", List.of(member.username())));
	}

	private static Reply add(ChatUser actor, String room, ChatUser member) {
		return api.post("/api/rooms/" + room + "/members", actor, Map.of("username", member.username()));
	}

	private static Reply dm(ChatUser from, ChatUser to) {
		return api.post("/api/dms", from, Map.of("username", to.username()));
	}

	private static void assertTooMany(Reply refused, String kind, long retryAfterSeconds) {
		assertThat(refused.status()).as("%s", refused.text()).isEqualTo(429);
		assertThat(refused.problemType()).isEqualTo("urn:lowband:problem:" + kind);
		assertThat(refused.header("Retry-After")).isNotNull();
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, retryAfterSeconds);
	}

	/**
	 * Someone else adds the victim to a room: that news comes after anything the refused requests would have sent,
	 * so if it is the only news beyond the {@code earlier} ones, the refusals told the victim nothing.
	 */
	private static void assertTheVictimHeardOfNothingMore(ChatUser victim, ChatClient victimApp, int earlier) {
		String inbox = ChatTopics.inbox(victim.username());
		String friendly = api.createRoom(api.newUser("friend"), victim);
		victimApp.awaitMessage(inbox, (e) -> e.get("room").get("id").asString().equals(friendly));
		assertThat(victimApp.on(inbox)).hasSize(earlier + 1);
	}

}
