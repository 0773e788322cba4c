package io.lowband.chat;

import java.util.List;
import java.util.UUID;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Typing…" reaches the members who are in the room now and is never kept anywhere: not as a retained message, not
 * in an offline member's session queue, not in history, whatever QoS and retain flag the typing client uses.
 */
class TypingIntegrationTests {

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
	void typingReachesThoseListeningNowAndIsNeitherRetainedNorQueuedNorStored() {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(alice, bob);
		String typing = ChatTopics.typing(room, alice.username());
		String anyoneTyping = ChatTopics.typing(room, "+");
		String bobsPhone = "bob-phone-" + UUID.randomUUID();
		try (ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect()) {
			// Alice sees her own notices: when she has them, the broker has routed them to everyone listening.
			assertThat(aliceApp.subscribe(anyoneTyping)).isTrue();
			try (ChatClient phone = ChatClient.mqtt5(app).as(bob).persistent().clientId(bobsPhone).connect()) {
				assertThat(phone.subscribe(anyoneTyping)).isTrue();
				// QoS 1 and retained, as a careless client might: acknowledged, delivered live, and kept nowhere.
				ChatClient.awaitAck(aliceApp.publishRetained(typing, "{\"typing\":\"live\"}"));
				assertThat(phone.awaitCount(typing, 1)).extracting((m) -> m.get("typing").asString())
					.containsExactly("live");
			}
			// Bob's phone is away, its session (and subscription) kept: these must not wait for it.
			await().atMost(ChatClient.WAIT).until(() -> !app.broker().isConnected(bobsPhone));
			for (int i = 0; i < 3; i++) {
				ChatClient.awaitAck(aliceApp.publish(typing, "{\"typing\":\"while-away\"}"));
			}
			aliceApp.awaitCount(typing, 4);
			try (ChatClient phone = ChatClient.mqtt5(app).as(bob).persistent().clientId(bobsPhone).connect();
					ChatClient laptop = ChatClient.mqtt5(app).as(bob).connect()) {
				assertThat(laptop.subscribe(anyoneTyping)).isTrue();
				ChatClient.awaitAck(aliceApp.publish(typing, "{\"typing\":\"now\"}"));
				for (ChatClient device : List.of(phone, laptop)) {
					device.awaitMessage(typing, (m) -> m.get("typing").asString().equals("now"));
					assertThat(device.on(typing)).extracting((m) -> m.get("typing").asString())
						.as("only what was typed while %s listened", (device == phone) ? "the phone" : "the laptop")
						.containsExactly("now");
				}
			}
		}
		assertThat(api.history(alice, room)).isEmpty();
	}

}
