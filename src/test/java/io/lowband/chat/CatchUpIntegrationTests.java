package io.lowband.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.chat.ChatApi.Reply;
import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Catching up after time away: {@code users/{me}/sync} answers exactly what is missing, in order and in batches of
 * at most 100, then one {@code synced}; the REST {@code after=} cursor reads the same. Read markers, moved over REST
 * or MQTT, only go forward, and each move is a receipt for the room's members.
 */
class CatchUpIntegrationTests {

	private static final int LONG_ROOM_MESSAGES = 250;

	private static final int SMALL_ROOM_MESSAGES = 30;

	@TempDir
	static Path dataDir;

	static RunningApp app;

	static ChatApi api;

	static ChatUser alice;

	static String longRoom;

	static String smallRoom;

	static String strangersRoom;

	@BeforeAll
	static void startWithThreeRooms() {
		app = ChatApi.start(dataDir);
		api = new ChatApi(app);
		alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		longRoom = api.createRoom(alice, bob);
		smallRoom = api.createRoom(alice);
		ChatUser stranger = api.newUser("stranger");
		strangersRoom = api.createRoom(stranger, bob);
		for (int i = 1; i <= LONG_ROOM_MESSAGES; i++) {
			api.send((i % 3 == 0) ? bob : alice, longRoom, "long-room-" + i, "Long room message " + i);
		}
		for (int i = 1; i <= SMALL_ROOM_MESSAGES; i++) {
			api.send(alice, smallRoom, "small-room-" + i, "Small room message " + i);
			api.send(stranger, strangersRoom, "strangers-room-" + i, "Not for alice " + i);
		}
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void syncAnswersExactlyWhatIsMissingInOrderInBatchesOfAtMost100ThenSyncedOnce() {
		Map<String, Long> held = new LinkedHashMap<>();
		held.put(longRoom, 37L);
		held.put(smallRoom, (long) SMALL_ROOM_MESSAGES);
		held.put(strangersRoom, 0L);
		held.put("nosuchroom000000", 0L);

		List<JsonNode> answer = sync(member("june", longRoom, smallRoom), held);

		List<JsonNode> batches = answer.subList(0, answer.size() - 1);
		assertThat(batches).allSatisfy((batch) -> {
			assertThat(batch.get("type").asString()).isEqualTo("messages");
			assertThat(batch.get("room").asString()).as("only the room with something missing").isEqualTo(longRoom);
			assertThat(batch.get("messages").size()).isBetween(1, 100);
		});
		assertThat(batches).extracting((b) -> b.get("messages").size()).containsExactly(100, 100, 13);
		assertThat(seqs(messagesOf(batches))).containsExactlyElementsOf(range(38, LONG_ROOM_MESSAGES));
		assertThat(messagesOf(batches)).allSatisfy((m) -> assertThat(m.get("room").asString()).isEqualTo(longRoom));
		assertThat(answer.get(answer.size() - 1).get("type").asString()).isEqualTo("synced");
		assertThat(lastSeqs(answer.get(answer.size() - 1))).as("the stranger's room and the unknown one are left out")
			.isEqualTo(Map.of(longRoom, (long) LONG_ROOM_MESSAGES, smallRoom, (long) SMALL_ROOM_MESSAGES));
	}

	@Test
	void theRestCursorReadsTheSameMessagesAsSync() {
		List<JsonNode> bySync = messagesOf(sync(alice, Map.of(longRoom, 37L, smallRoom, 12L)));

		List<JsonNode> byRest = new ArrayList<>(api.historyAfter(alice, longRoom, 37, 100));
		byRest.addAll(api.historyAfter(alice, smallRoom, 12, 7));

		assertThat(byRest).hasSize(LONG_ROOM_MESSAGES - 37 + SMALL_ROOM_MESSAGES - 12);
		assertThat(bySync).containsExactlyInAnyOrderElementsOf(byRest);
		assertThat(bySync.stream().filter((m) -> m.get("room").asString().equals(longRoom)).toList())
			.isEqualTo(byRest.subList(0, LONG_ROOM_MESSAGES - 37));
	}

	@Test
	void roomsLeftOutOfTheRequestStartAfterTheReadMarker() {
		ChatUser hana = member("hana", longRoom, smallRoom);
		assertThat(api.put("/api/rooms/" + longRoom + "/read", hana, Map.of("seq", 200)).status()).isEqualTo(200);

		List<JsonNode> answer = sync(hana, Map.of());

		assertThat(seqs(messagesOf(answer, longRoom))).containsExactlyElementsOf(range(201, LONG_ROOM_MESSAGES));
		assertThat(seqs(messagesOf(answer, smallRoom))).as("no marker yet: from the start")
			.containsExactlyElementsOf(range(1, SMALL_ROOM_MESSAGES));
		assertThat(lastSeqs(answer.get(answer.size() - 1)))
			.isEqualTo(Map.of(longRoom, (long) LONG_ROOM_MESSAGES, smallRoom, (long) SMALL_ROOM_MESSAGES));
	}

	@Test
	void aBrandNewDeviceGetsEverythingThroughSync() {
		ChatUser ivan = member("ivan", longRoom);
		// Read on another device, which a new phone knows nothing of.
		api.put("/api/rooms/" + longRoom + "/read", ivan, Map.of("seq", 100));
		Map<String, Long> nothingHeld = new LinkedHashMap<>();
		api.get("/api/rooms", ivan).body().values().forEach((room) -> nothingHeld.put(room.get("id").asString(), 0L));
		assertThat(nothingHeld).containsOnlyKeys(longRoom);

		List<JsonNode> answer = sync(ivan, nothingHeld);

		assertThat(messagesOf(answer)).isEqualTo(api.historyAfter(ivan, longRoom, 0, History.MAX_PAGE));
		assertThat(seqs(messagesOf(answer))).containsExactlyElementsOf(range(1, LONG_ROOM_MESSAGES));
	}

	@Test
	void readMarkersMovedOverRestOrMqttAreReceiptsForTheMembersAndNeverGoBack() {
		ChatUser kim = api.newUser("kim");
		ChatUser bob = api.newUser("bob");
		ChatUser carol = api.newUser("carol");
		String room = api.createRoom(kim, bob, carol);
		for (int i = 1; i <= 30; i++) {
			api.send(bob, room, "receipts-room-" + i, "Message " + i);
		}
		String receipts = ChatTopics.receipts(room);
		try (ChatClient kimsPhone = ChatClient.mqtt5(app).as(kim).connect();
				ChatClient bobPhone = ChatClient.mqtt5(app).as(bob).connect();
				ChatClient carolLaptop = ChatClient.mqtt3(app).overWebSocket().as(carol).connect()) {
			assertThat(bobPhone.subscribe(receipts)).isTrue();
			assertThat(carolLaptop.subscribe(receipts)).isTrue();

			String readTopic = "rooms/" + room + "/read/" + kim.username();
			assertThat(readOverRest(kim, room, 10)).isEqualTo(10);
			ChatClient.awaitAck(kimsPhone.publish(readTopic, "{\"seq\": 20}"));
			awaitReceipts(bobPhone, receipts, "read", 2);
			assertThat(readOverRest(kim, room, 5)).as("a marker never moves back").isEqualTo(20);
			ChatClient.awaitAck(kimsPhone.publish(readTopic, "{\"seq\": 15}"));
			ChatClient.awaitAck(kimsPhone.publish(readTopic, "{\"seq\": 25}"));
			awaitReceipts(bobPhone, receipts, "read", 3);
			assertThat(readOverRest(kim, room, 1000)).as("nor past the last message").isEqualTo(30);

			List<Map<String, Object>> expected = List.of(receipt(kim, 10), receipt(kim, 20), receipt(kim, 25),
					receipt(kim, 30));
			for (ChatClient member : List.of(bobPhone, carolLaptop)) {
				assertThat(awaitReceipts(member, receipts, "read", expected.size())).containsExactlyElementsOf(expected);
			}
			assertThat(api.get("/api/rooms/" + room, kim).body().get("readSeq").asLong()).isEqualTo(30);
		}
	}

	@Test
	void theSeqsNamedInASyncAreTheDeliveryMarkerWhichFollowsReadsNeverGoesBackAndIsAReceipt() {
		ChatUser lee = api.newUser("lee");
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(lee, bob);
		for (int i = 1; i <= 20; i++) {
			api.send(bob, room, "delivery-room-" + i, "Message " + i);
		}
		String receipts = ChatTopics.receipts(room);
		try (ChatClient leesPhone = ChatClient.mqtt5(app).as(lee).connect();
				ChatClient bobPhone = ChatClient.mqtt5(app).as(bob).connect()) {
			assertThat(bobPhone.subscribe(receipts)).isTrue();
			assertThat(leesPhone.subscribe(ChatTopics.inbox(lee.username()))).isTrue();

			syncHolding(leesPhone, lee, room, 12);
			assertThat(deliveredSeq(lee, room)).isEqualTo(12);
			syncHolding(leesPhone, lee, room, 5);
			assertThat(deliveredSeq(lee, room)).as("a delivery marker never moves back").isEqualTo(12);
			assertThat(readOverRest(lee, room, 16)).isEqualTo(16);
			assertThat(deliveredSeq(lee, room)).as("what was read is held").isEqualTo(16);
			syncHolding(leesPhone, lee, room, 1000);
			assertThat(deliveredSeq(lee, room)).as("nor past the last message").isEqualTo(20);

			assertThat(awaitReceipts(bobPhone, receipts, "delivered", 3))
				.containsExactly(receipt(lee, 12), receipt(lee, 16), receipt(lee, 20));
		}
	}

	/** Asks for a catch-up as a device holding {@code room} up to {@code seq}, and waits for its answer. */
	private static void syncHolding(ChatClient device, ChatUser user, String room, long seq) {
		String inbox = ChatTopics.inbox(user.username());
		int answered = (int) device.on(inbox).stream().filter((m) -> m.get("type").asString().equals("synced")).count();
		ChatClient.awaitAck(device.publish("users/" + user.username() + "/sync",
				ChatApi.JSON.writeValueAsString(Map.of("rooms", Map.of(room, seq)))));
		await().atMost(ChatClient.WAIT)
			.until(() -> device.on(inbox).stream().filter((m) -> m.get("type").asString().equals("synced")).count(),
					(count) -> count > answered);
	}

	private static long deliveredSeq(ChatUser user, String room) {
		return api.get("/api/rooms/" + room, user).body().get("deliveredSeq").asLong();
	}

	/** Waits for {@code count} receipts of a type, and returns them as {user, seq}. */
	private static List<Map<String, Object>> awaitReceipts(ChatClient member, String topic, String type, int count) {
		return await().atMost(ChatClient.WAIT)
			.until(() -> member.on(topic)
				.stream()
				.filter((r) -> r.get("type").asString().equals(type))
				.map((r) -> Map.<String, Object>of("user", r.get("user").asString(), "seq", r.get("seq").asLong()))
				.toList(), (receipts) -> receipts.size() >= count);
	}

	private static Map<String, Object> receipt(ChatUser reader, long seq) {
		return Map.of("user", reader.username(), "seq", seq);
	}

	private static long readOverRest(ChatUser reader, String room, long seq) {
		Reply reply = api.put("/api/rooms/" + room + "/read", reader, Map.of("seq", seq));
		assertThat(reply.status()).as(reply.text()).isEqualTo(200);
		return reply.body().get("readSeq").asLong();
	}

	/** Someone new, added by alice to the rooms. */
	private static ChatUser member(String name, String... rooms) {
		ChatUser user = api.newUser(name);
		for (String room : rooms) {
			Reply added = api.post("/api/rooms/" + room + "/members", alice, Map.of("username", user.username()));
			assertThat(added.status()).as(added.text()).isEqualTo(200);
		}
		return user;
	}

	/**
	 * Asks for a catch-up from a fresh connection and returns the inbox events up to {@code synced}, which must come
	 * once, last: nothing follows it.
	 */
	private static List<JsonNode> sync(ChatUser user, Map<String, Long> held) {
		String inbox = ChatTopics.inbox(user.username());
		try (ChatClient device = ChatClient.mqtt5(app).as(user).connect()) {
			assertThat(device.subscribe(inbox)).isTrue();
			ChatClient.awaitAck(device.publish("users/" + user.username() + "/sync",
					ChatApi.JSON.writeValueAsString(Map.of("rooms", held))));
			device.awaitMessage(inbox, (e) -> e.get("type").asString().equals("synced"));
			await().during(Duration.ofMillis(300)).atMost(ChatClient.WAIT).until(() -> {
				List<JsonNode> events = device.on(inbox);
				return events.get(events.size() - 1).get("type").asString().equals("synced");
			});
			List<JsonNode> events = device.on(inbox);
			assertThat(events).filteredOn((e) -> e.get("type").asString().equals("synced")).hasSize(1);
			return events;
		}
	}

	private static List<JsonNode> messagesOf(List<JsonNode> events) {
		return events.stream()
			.filter((e) -> e.get("type").asString().equals("messages"))
			.flatMap((e) -> e.get("messages").values().stream())
			.toList();
	}

	private static List<JsonNode> messagesOf(List<JsonNode> events, String room) {
		return messagesOf(events).stream().filter((m) -> m.get("room").asString().equals(room)).toList();
	}

	private static Map<String, Long> lastSeqs(JsonNode synced) {
		Map<String, Long> rooms = new LinkedHashMap<>();
		synced.get("rooms").properties().forEach((e) -> rooms.put(e.getKey(), e.getValue().asLong()));
		return rooms;
	}

	private static List<Long> seqs(List<JsonNode> messages) {
		return ChatIntegrationTests.seqs(messages);
	}

	private static List<Long> range(long from, long to) {
		return LongStream.rangeClosed(from, to).boxed().toList();
	}

}
