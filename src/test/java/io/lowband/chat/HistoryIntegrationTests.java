package io.lowband.chat;

import java.util.ArrayList;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A room's history reads back in pages, backwards from the newest or forwards from a seq, with nothing missing
 * and nothing twice; unread counts follow each member's read marker.
 */
class HistoryIntegrationTests {

	private static final int MESSAGES = 500;

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(ChatApi.FAST_SIGN_IN);

	static RunningApp app;

	static ChatApi api;

	static ChatUser alice;

	static ChatUser bob;

	static String longRoom;

	@BeforeAll
	static void startWithALongConversation() {
		app = shared.app();
		api = new ChatApi(app);
		alice = api.newUser("alice");
		bob = api.newUser("bob");
		longRoom = api.createRoom(alice, bob);
		for (int i = 1; i <= MESSAGES; i++) {
			api.send((i % 2 == 0) ? bob : alice, longRoom, "history-" + i, "Message number " + i);
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 7, 50, 200 })
	void pagingBackwardsFromTheNewestReadsEveryMessageOnce(int limit) {
		List<Long> seqs = new ArrayList<>();
		String query = "?limit=" + limit;
		while (query != null) {
			JsonNode page = page(query);
			List<Long> pageSeqs = checkedPage(page, limit);
			assertThat(pageSeqs).as("each page is in seq order").isSorted();
			seqs.addAll(0, pageSeqs);
			JsonNode before = page.get("nextBefore");
			assertThat(before.isNull() || before.asLong() == pageSeqs.get(0)).as("nextBefore is the page's oldest")
				.isTrue();
			query = before.isNull() ? null : "?before=" + before.asLong() + "&limit=" + limit;
		}
		assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, MESSAGES).boxed().toList());
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 7, 50, 200 })
	void pagingForwardsFromTheStartReadsEveryMessageOnce(int limit) {
		List<Long> seqs = new ArrayList<>();
		String query = "?after=0&limit=" + limit;
		while (query != null) {
			JsonNode page = page(query);
			List<Long> pageSeqs = checkedPage(page, limit);
			seqs.addAll(pageSeqs);
			JsonNode after = page.get("nextAfter");
			query = after.isNull() ? null : "?after=" + after.asLong() + "&limit=" + limit;
		}
		assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, MESSAGES).boxed().toList());
	}

	@Test
	void aPageHoldsFiftyOfTheNewestMessagesUnlessToldOtherwise() {
		JsonNode newest = page("");
		assertThat(ChatIntegrationTests.seqs(List.copyOf(newest.get("messages").values())))
			.containsExactlyElementsOf(LongStream.rangeClosed(MESSAGES - 49, MESSAGES).boxed().toList());
		JsonNode last = newest.get("messages").get(49);
		assertThat(last.get("id").asString()).isEqualTo("history-" + MESSAGES);
		assertThat(last.get("from").asString()).isEqualTo(bob.username());
		assertThat(last.get("body").asString()).isEqualTo("Message number " + MESSAGES);
		assertThat(page("?after=" + MESSAGES).get("messages").values()).isEmpty();
		assertThat(page("?after=" + MESSAGES).get("nextAfter").isNull()).isTrue();
	}

	@Test
	void limitsOutsideOneTo200AndAskingBothWaysAre400() {
		for (String query : List.of("?limit=0", "?limit=201", "?limit=-1", "?limit=many", "?before=10&after=5",
				"?before=-1", "?after=x")) {
			Reply reply = api.get("/api/rooms/" + longRoom + "/messages" + query, alice);
			assertThat(reply.status()).as(query).isEqualTo(400);
			assertThat(reply.contentType()).as(query).startsWith("application/problem+json");
			assertThat(reply.problemType()).as("%s: %s", query, reply.text()).startsWith("urn:lowband:problem:");
			assertThat(reply.body().get("detail").asString()).as(query).isNotBlank();
		}
	}

	@Test
	void unreadCountsFollowTheReadMarkerWhichOnlyMovesForward() {
		ChatUser carol = api.newUser("carol");
		ChatUser dave = api.newUser("dave");
		String room = api.createRoom(carol, dave);
		assertThat(roomOf(dave, room).get("unread").asLong()).isZero();
		for (int i = 1; i <= 10; i++) {
			api.send(carol, room, "unread-test-" + i, "Unread " + i);
		}
		JsonNode summary = roomOf(dave, room);
		assertThat(summary.get("unread").asLong()).isEqualTo(10);
		assertThat(summary.get("lastMessage").get("body").asString()).isEqualTo("Unread 10");
		assertThat(summary.get("lastSeq").asLong()).isEqualTo(10);

		assertThat(markRead(dave, room, 4)).isEqualTo(Map.of("readSeq", 4L, "unread", 6L));
		assertThat(roomOf(dave, room).get("unread").asLong()).isEqualTo(6);
		assertThat(markRead(dave, room, 2)).as("a lower seq does not move it back")
			.isEqualTo(Map.of("readSeq", 4L, "unread", 6L));
		assertThat(markRead(dave, room, 4)).isEqualTo(Map.of("readSeq", 4L, "unread", 6L));
		assertThat(markRead(dave, room, 1000)).as("never past the last message")
			.isEqualTo(Map.of("readSeq", 10L, "unread", 0L));
		assertThat(api.get("/api/rooms/" + room, dave).body().get("unread").asLong()).isZero();

		api.send(carol, room, "unread-test-11", "One more");
		assertThat(roomOf(dave, room).get("unread").asLong()).isEqualTo(1);
		assertThat(roomOf(dave, room).get("readSeq").asLong()).isEqualTo(10);
		assertThat(markRead(dave, room, 11)).isEqualTo(Map.of("readSeq", 11L, "unread", 0L));

		assertThat(api.put("/api/rooms/" + room + "/read", dave, Map.of("seq", -1)).status()).isEqualTo(400);
		assertThat(api.put("/api/rooms/" + room + "/read", dave, Map.of()).status()).isEqualTo(400);
	}

	@Test
	void myRoomsListTheMostRecentlyActiveFirst() {
		ChatUser erin = api.newUser("erin");
		String quiet = api.createRoom(erin, alice);
		String busy = api.createRoom(erin, bob);
		api.send(alice, quiet, "quiet-room-01", "First");
		api.send(bob, busy, "busy-room-001", "Later");

		assertThat(api.get("/api/rooms", erin).body().values()).extracting((r) -> r.get("id").asString())
			.containsExactly(busy, quiet);
		api.send(alice, quiet, "quiet-room-02", "Now the latest");
		assertThat(api.get("/api/rooms", erin).body().values()).extracting((r) -> r.get("id").asString())
			.containsExactly(quiet, busy);
	}

	private static JsonNode page(String query) {
		Reply reply = api.get("/api/rooms/" + longRoom + "/messages" + query, bob);
		assertThat(reply.status()).as("%s: %s", query, reply.body()).isEqualTo(200);
		assertThat(reply.body().get("lastSeq").asLong()).isEqualTo(MESSAGES);
		return reply.body();
	}

	/** A page is full unless it is the last one that way, and each message is the one sent with that seq. */
	private static List<Long> checkedPage(JsonNode page, int limit) {
		List<JsonNode> messages = List.copyOf(page.get("messages").values());
		boolean more = !page.get("nextBefore").isNull() || !page.get("nextAfter").isNull();
		assertThat(messages).hasSizeLessThanOrEqualTo(limit);
		if (more) {
			assertThat(messages).hasSize(limit);
		}
		assertThat(messages).allSatisfy((m) -> assertThat(m.get("body").asString())
			.isEqualTo("Message number " + m.get("seq").asLong()));
		return ChatIntegrationTests.seqs(messages);
	}

	private static JsonNode roomOf(ChatUser user, String roomId) {
		return api.get("/api/rooms", user)
			.body()
			.values()
			.stream()
			.filter((r) -> r.get("id").asString().equals(roomId))
			.findFirst()
			.orElseThrow();
	}

	private static Map<String, Long> markRead(ChatUser user, String roomId, long seq) {
		Reply reply = api.put("/api/rooms/" + roomId + "/read", user, Map.of("seq", seq));
		assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
		return Map.of("readSeq", reply.body().get("readSeq").asLong(), "unread", reply.body().get("unread").asLong());
	}

}
