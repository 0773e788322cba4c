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
 * A reply names the seq of an earlier message of its room: it is stored, pushed and returned in history with
 * {@code replyTo}; a reply to a seq the room does not have (yet) is refused like any bad send and stores nothing.
 */
class ReplyIntegrationTests {

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
	void aReplyOverMqttIsPushedAndKeptWithItsReplyToAndAReplyToNothingIsRejected() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(alice, bob);
		api.send(alice, room, "question-01", "Dinner at eight?");
		String messages = ChatTopics.messages(room);
		String inbox = ChatTopics.inbox(bob.username());
		try (ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect();
				ChatClient bobApp = ChatClient.mqtt3(app).overWebSocket().as(bob).connect()) {
			assertThat(aliceApp.subscribe(messages)).isTrue();
			assertThat(bobApp.subscribe(inbox)).isTrue();
			String in = ChatTopics.inbound(room, bob.username());
			bobApp.publish(in, "{\"id\":\"reply-future\",\"body\":\"To what?\",\"replyTo\":2}");
			bobApp.publish(in, "{\"id\":\"reply-zero01\",\"body\":\"To what?\",\"replyTo\":0}");
			bobApp.publish(in, "{\"id\":\"reply-text01\",\"body\":\"To what?\",\"replyTo\":\"1\"}");
			bobApp.publish(in, "{\"id\":\"answer-0001\",\"body\":\"Yes!\",\"replyTo\":1}");

			JsonNode pushed = aliceApp.awaitCount(messages, 1).get(0);
			assertThat(pushed.get("body").asString()).isEqualTo("Yes!");
			assertThat(pushed.get("seq").asLong()).isEqualTo(2);
			assertThat(pushed.get("replyTo").asLong()).isEqualTo(1);
			// A replyTo that is no number is refused as it arrives, the others by the room's writer.
			List<JsonNode> rejected = bobApp.awaitCount(inbox, 3);
			assertThat(rejected).extracting((r) -> r.get("id").asString())
				.containsExactlyInAnyOrder("reply-future", "reply-zero01", "reply-text01");
			assertThat(rejected).allSatisfy((r) -> {
				assertThat(r.get("type").asString()).isEqualTo("rejected");
				assertThat(r.get("reason").asString()).isEqualTo("bad-reply");
			});
			assertThat(rejected).filteredOn((r) -> r.get("id").asString().equals("reply-future"))
				.singleElement()
				.satisfies((r) -> assertThat(r.get("detail").asString()).contains("no message 2"));
		}
		List<JsonNode> history = api.history(alice, room);
		assertThat(history).extracting((m) -> m.get("body").asString()).containsExactly("Dinner at eight?", "Yes!");
		assertThat(history.get(0).has("replyTo")).as("a message that replies to nothing has no replyTo").isFalse();
		assertThat(history.get(1).get("replyTo").asLong()).isEqualTo(1);
	}

	@Test
	void aReplyOverRestNamesAMessageOfTheSameRoom() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(alice, bob);
		String other = api.createRoom(alice, bob);
		for (int i = 1; i <= 3; i++) {
			api.send(alice, other, "elsewhere-" + i, "Elsewhere " + i);
		}
		api.send(alice, room, "first-00001", "First");

		Reply missing = api.post("/api/rooms/" + room + "/messages", bob,
				Map.of("id", "reply-00001", "body", "Re: third", "replyTo", 3));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.problemType()).isEqualTo("urn:lowband:problem:bad-reply");

		Reply reply = api.post("/api/rooms/" + room + "/messages", bob,
				Map.of("id", "reply-00002", "body", "Re: first", "replyTo", 1));
		assertThat(reply.status()).isEqualTo(201);
		assertThat(reply.body().get("replyTo").asLong()).isEqualTo(1);
		assertThat(api.history(bob, room)).extracting((m) -> m.get("id").asString())
			.containsExactly("first-00001", "reply-00002");
	}

}
