package io.lowband.chat;

import java.nio.file.Path;
import java.time.Duration;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Access ends when it should (issue 10): a revoked or expired token closes the MQTT connections signed in with it,
 * and a removed member's offline session gets nothing more of the room, even across a restart.
 */
class AccessEndsIntegrationTests {

	@Test
	void revokingATokenClosesTheConnectionsSignedInWithIt(@TempDir Path dataDir) {
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			ChatUser alice = api.newUser("alice");
			ChatUser aliceOnHerLaptop = api.signIn(alice.username(), alice.password());
			try (ChatClient phone = ChatClient.mqtt5(app).as(alice).connect();
					ChatClient browser = ChatClient.mqtt3(app).overWebSocket().as(alice).connect();
					ChatClient laptop = ChatClient.mqtt5(app).as(aliceOnHerLaptop).connect()) {
				assertThat(api.delete("/api/tokens/current", alice).status()).isEqualTo(204);
				await().atMost(Duration.ofSeconds(5)).until(() -> !phone.isConnected() && !browser.isConnected());
				assertThat(laptop.isConnected()).as("signed in with another token").isTrue();
			}
		}
	}

	@Test
	void anExpiredTokenEndsTheConnection(@TempDir Path dataDir) {
		try (RunningApp app = RunningApp.start(dataDir, ChatApi.FAST_SIGN_IN, "--lowband.user.token-ttl=3s")) {
			ChatApi api = new ChatApi(app);
			ChatUser alice = api.newUser("alice");
			try (ChatClient phone = ChatClient.mqtt5(app).as(alice).connect();
					ChatClient withPassword = ChatClient.mqtt5(app).as(alice.username(), alice.password()).connect()) {
				await().atMost(Duration.ofSeconds(8)).until(() -> !phone.isConnected());
				assertThat(withPassword.isConnected()).as("signed in with the password, which does not expire").isTrue();
			}
		}
	}

	/**
	 * Before the edge, Moquette registered shared subscriptions its own check refused, and kept them on disk. Here
	 * the server's own identity, which the edge does not check, plants one in carol's session, as that bug did.
	 */
	@Test
	void aStoredSharedSubscriptionTheClientMayNotHaveIsRemovedAtStart(@TempDir Path dataDir) {
		ChatUser alice;
		ChatUser carol;
		String room;
		String carolsPhone;
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			alice = api.newUser("alice");
			carol = api.newUser("carol");
			carolsPhone = "phone-of-" + carol.username();
			room = api.createRoom(alice, api.newUser("bob"));
			ChatClient.mqtt5(app).as(carol).persistent().clientId(carolsPhone).connect().close();
			var server = app.broker().serverCredentials();
			try (ChatClient planted = ChatClient.mqtt5(app).as(server.username(), server.passwordText())
				.persistent()
				.clientId(carolsPhone)
				.connect()) {
				assertThat(planted.subscribe("$share/g/" + ChatTopics.messages(room))).isTrue();
			}
		}
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			try (ChatClient phone = ChatClient.mqtt5(app).as(carol).persistent().clientId(carolsPhone).connect()) {
				assertThat(phone.subscribe(ChatTopics.inbox(carol.username()))).isTrue();
				api.send(alice, room, "planted-00000001", "Not for carol");
				// Sent after alice's message, on the same fan-out: once carol has it, she had her chance.
				assertThat(ChatClient.awaitRefusal(phone.send(room, carol.username(), "barrier-0000001", "let me in")))
					.isEqualTo(0x87);
				phone.awaitMessage(ChatTopics.inbox(carol.username()), (e) -> e.get("type").asString().equals("rejected"));
				assertThat(phone.on(ChatTopics.messages(room))).isEmpty();
			}
		}
	}

	@Test
	void aRemovedMembersOfflineSessionGetsNothingMoreOfTheRoomAcrossARestart(@TempDir Path dataDir) {
		ChatUser alice;
		ChatUser bob;
		String leftRoom;
		String keptRoom;
		String bobsPhone;
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			alice = api.newUser("alice");
			bob = api.newUser("bob");
			bobsPhone = "phone-of-" + bob.username();
			leftRoom = api.createRoom(alice, bob);
			keptRoom = api.createRoom(alice, bob);
			try (ChatClient phone = ChatClient.mqtt3(app).as(bob).persistent().clientId(bobsPhone).connect()) {
				assertThat(phone.subscribe(ChatTopics.messages(leftRoom))).isTrue();
				assertThat(phone.subscribe(ChatTopics.messages(keptRoom))).isTrue();
			}
		}
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			assertThat(api.delete("/api/rooms/" + leftRoom + "/members/" + bob.username(), alice).status())
				.isEqualTo(204);
			api.send(alice, leftRoom, "gone-00000001", "Bob is gone");
			// Queued for bob's session after the message above, if that one was queued at all.
			api.send(alice, keptRoom, "kept-00000001", "Still for bob");
			try (ChatClient phone = ChatClient.mqtt3(app).as(bob).persistent().clientId(bobsPhone).connectOnce()) {
				phone.awaitCount(ChatTopics.messages(keptRoom), 1);
				assertThat(phone.on(ChatTopics.messages(leftRoom))).isEmpty();
			}
		}
	}

}
