package io.lowband.chat;

import java.util.ArrayList;
import java.util.List;

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
 * Search finds, in any case, the messages of the rooms the searcher is in and no others, newest first across
 * rooms, page by page along {@code nextBefore}; a room filter narrows it, and a room one is not in is 403.
 */
class SearchIntegrationTests {

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
	void searchFindsOnlyTheSearchersRoomsNewestFirstPageByPage() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		ChatUser carol = api.newUser("carol");
		String trip = api.createRoom(alice, bob);
		String work = api.createRoom(alice, carol);
		String secret = api.createRoom(carol);
		api.send(alice, trip, "trip-000001", "Booked the CABIN for June");
		api.send(bob, trip, "trip-000002", "Nothing to see here");
		api.send(carol, work, "work-000001", "The cabin budget is approved");
		api.send(carol, secret, "secret-0001", "cabin in the woods, just for me");
		api.send(bob, trip, "trip-000003", "cabins are cheaper in May");
		api.send(alice, work, "work-000002", "Is the cabin far?");

		List<String> all = ids(search(alice, "/api/search?q=Cabin"));
		assertThat(all).containsExactly("work-000002", "trip-000003", "work-000001", "trip-000001");

		List<String> paged = new ArrayList<>();
		String path = "/api/search?q=cabin&limit=1";
		while (path != null) {
			JsonNode page = search(alice, path);
			paged.addAll(ids(page));
			path = page.get("nextBefore").isNull() ? null
					: "/api/search?q=cabin&limit=1&before=" + page.get("nextBefore").asString();
			assertThat(paged.size()).as("pages end").isLessThan(10);
		}
		assertThat(paged).isEqualTo(all);

		assertThat(ids(search(bob, "/api/search?q=CABIN"))).containsExactly("trip-000003", "trip-000001");
		assertThat(ids(search(alice, "/api/search?q=cabin&room=" + work))).containsExactly("work-000002",
				"work-000001");
		assertThat(ids(search(alice, "/api/search?q=woods"))).isEmpty();
	}

	@Test
	void aRoomFilterForARoomOneIsNotInIsRefused() {
		ChatUser alice = api.newUser("alice");
		ChatUser mallory = api.newUser("mallory");
		String room = api.createRoom(alice);
		api.send(alice, room, "private-001", "The safe code is 1234");

		Reply refused = api.get("/api/search?q=safe&room=" + room, mallory);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.problemType()).isEqualTo("urn:lowband:problem:not-a-member");
		assertThat(ids(search(mallory, "/api/search?q=safe"))).isEmpty();
		assertThat(api.get("/api/search?q=safe", null).status()).isEqualTo(401);
		assertThat(api.get("/api/search?q=safe&before=not-a-cursor!", alice).status()).isEqualTo(400);
	}

	@Test
	void aLongRoomIsSearchedInBoundedStepsAndNothingIsMissed() {
		ChatUser alice = api.newUser("alice");
		String room = api.createRoom(alice);
		int total = MessageSearch.MAX_SCAN + 300;
		List<String> expected = new ArrayList<>();
		for (int i = 1; i <= total; i++) {
			boolean hit = (i % 500 == 0);
			api.send(alice, room, String.format("long-%06d", i), hit ? "needle " + i : "hay " + i);
			if (hit) {
				expected.add(0, String.format("long-%06d", i));
			}
		}
		JsonNode first = search(alice, "/api/search?q=needle&limit=50");
		assertThat(first.get("nextBefore").isNull()).as("one request reads at most MAX_SCAN messages").isFalse();
		JsonNode second = search(alice, "/api/search?q=needle&limit=50&before=" + first.get("nextBefore").asString());
		assertThat(second.get("nextBefore").isNull()).isTrue();
		List<String> found = new ArrayList<>(ids(first));
		found.addAll(ids(second));
		assertThat(found).isEqualTo(expected);
	}

	private static JsonNode search(ChatUser user, String path) {
		Reply reply = api.get(path, user);
		assertThat(reply.status()).as("%s: %s", path, reply.body()).isEqualTo(200);
		return reply.body();
	}

	private static List<String> ids(JsonNode page) {
		return page.get("messages").values().stream().map((m) -> m.get("id").asString()).toList();
	}

}
