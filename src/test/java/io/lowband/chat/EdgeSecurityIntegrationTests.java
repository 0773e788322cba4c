package io.lowband.chat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubRecException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.lowband.broker.MqttBroker;
import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.chat.RawMqtt.Packet;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import io.micrometer.core.instrument.MeterRegistry;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * The broker's edge, probed as an attacker with a signed-in account would (issue 10): shared subscriptions, the
 * server's own ingest, other users' client ids, the server's client id, refused publishes, presence, and packets
 * no client library sends. Carol is the stranger; alice and bob share a room.
 */
class EdgeSecurityIntegrationTests {

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(ChatApi.FAST_SIGN_IN, "--lowband.broker.connect-timeout=2s",
			"--lowband.user.account-failures-per-minute=3");

	static RunningApp app;

	static ChatApi api;

	ChatUser alice;

	ChatUser bob;

	ChatUser carol;

	String room;

	ChatClient bobApp;

	@BeforeAll
	static void start() {
		app = shared.app();
		api = new ChatApi(app);
	}

	@BeforeEach
	void aliceAndBobShareARoom() {
		alice = api.newUser("alice");
		bob = api.newUser("bob");
		carol = api.newUser("carol");
		room = api.createRoom(alice, bob);
		bobApp = ChatClient.mqtt5(app).as(bob).connect();
		assertThat(bobApp.subscribe(ChatTopics.messages(room))).isTrue();
	}

	@AfterEach
	void disconnect() {
		bobApp.close();
	}

	@Test
	void sharedSubscriptionsToWhatIsNotYoursAreRefusedAndDeliverNothing() {
		List<String> filters = List.of("$share/x/rooms/" + room + "/messages", "$share/g/#", "$share/g/rooms/+/messages",
				"$share/g/users/+/inbox", "$share/g/rooms/+/receipts", "$share/g/rooms/+/in/+",
				"$share/g/users/" + alice.username() + "/inbox");
		try (ChatClient overTcp = ChatClient.mqtt5(app).as(carol).persistent().connect();
				ChatClient overWebSocket = ChatClient.mqtt5(app).overWebSocket().as(carol).connect()) {
			for (String filter : filters) {
				assertThat(overTcp.subscribe(filter)).as("carol subscribes to %s", filter).isFalse();
				assertThat(overWebSocket.subscribe(filter)).as("carol subscribes to %s over WebSocket", filter)
					.isFalse();
			}
			api.send(alice, room, "shared-00000001", "Only for bob");
			bobApp.awaitCount(ChatTopics.messages(room), 1);
			// Sent after alice's message on the same fan-out connection: once bob has it, carol had her chance.
			api.send(alice, room, "shared-00000002", "Still only for bob");
			bobApp.awaitCount(ChatTopics.messages(room), 2);
			assertThat(overTcp.topics()).isEmpty();
			assertThat(overWebSocket.topics()).isEmpty();
		}
		// Her persistent session kept nothing either: reconnecting, she is not sent what followed.
		api.send(alice, room, "shared-00000003", "While carol is away");
		bobApp.awaitCount(ChatTopics.messages(room), 3);
		try (ChatClient again = ChatClient.mqtt5(app).as(carol).persistent().connect()) {
			api.send(alice, room, "shared-00000004", "Carol is back");
			bobApp.awaitCount(ChatTopics.messages(room), 4);
			assertThat(again.topics()).isEmpty();
		}
	}

	@Test
	void aMembersSharedSubscriptionToTheirRoomDeliversAndAWildcardOneIsRefused() {
		try (ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect()) {
			assertThat(aliceApp.subscribe("$share/devices/rooms/" + room + "/messages")).isTrue();
			assertThat(aliceApp.subscribe("$share/devices/rooms/+/messages")).isFalse();
			api.send(bob, room, "mine-00000001", "Hello alice");
			assertThat(aliceApp.awaitCount("rooms/" + room + "/messages", 1).get(0).get("body").asString())
				.isEqualTo("Hello alice");
		}
	}

	@Test
	void oneSubscribeMixingAllowedAndRefusedFiltersIsAnsweredAndDeliveredPerFilter() {
		String notHers = api.createRoom(bob, carol);
		String hers = ChatTopics.messages(room);
		String theirs = ChatTopics.messages(notHers);
		try (ChatClient carolApp = ChatClient.mqtt5(app).as(carol).connect();
				ChatClient alice5 = ChatClient.mqtt5(app).as(alice).connect();
				ChatClient alice3 = ChatClient.mqtt3(app).as(alice).connect()) {
			assertThat(carolApp.subscribe(theirs)).isTrue();
			// Refused filters on both sides of the granted one: each code must land in its own place.
			assertThat(alice5.subscribeAll(theirs, hers, "$share/g/" + theirs)).containsExactly(0x87, 1, 0x87);
			assertThat(alice3.subscribeAll(hers, theirs)).containsExactly(1, 0x80);
			api.send(bob, notHers, "mixed-00000001", "Not for alice");
			carolApp.awaitCount(theirs, 1);
			api.send(bob, room, "mixed-00000002", "For alice");
			alice5.awaitCount(hers, 1);
			alice3.awaitCount(hers, 1);
			api.send(bob, notHers, "mixed-00000003", "Still not for alice");
			carolApp.awaitCount(theirs, 2);
			assertThat(alice5.topics()).containsExactly(hers);
			assertThat(alice3.topics()).containsExactly(hers);
		}
	}

	@Test
	void nobodyButTheServerConsumesSends() throws Exception {
		try (ChatClient thief = ChatClient.mqtt5(app).as(carol).connect();
				ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect()) {
			assertThat(thief.subscribe("$share/lowband/rooms/+/in/+")).isFalse();
			assertThat(thief.subscribe("$share/lowband/rooms/" + room + "/in/" + alice.username())).isFalse();
			for (int i = 0; i < 10; i++) {
				ChatClient.awaitAck(aliceApp.send(room, alice.username(), "ingest-0000000" + i, "Message " + i));
			}
			assertThat(api.history(alice, room)).hasSize(10);
			assertThat(thief.topics()).isEmpty();
		}
	}

	@Test
	void anotherUsersClientIdIsRefusedAndTheirSessionIsUntouched() {
		String alicesPhone = "phone-of-" + alice.username();
		try (ChatClient phone = ChatClient.mqtt5(app).as(alice).persistent().clientId(alicesPhone).connect()) {
			assertThat(phone.subscribe(ChatTopics.messages(room))).isTrue();
			assertThatThrownBy(() -> ChatClient.mqtt5(app).as(carol).clientId(alicesPhone).connectOnce())
				.isInstanceOfSatisfying(Mqtt5ConnAckException.class, (ex) -> assertThat(ex.getMqttMessage().getReasonCode())
					.isEqualTo(Mqtt5ConnAckReasonCode.CLIENT_IDENTIFIER_NOT_VALID));
			assertThatThrownBy(() -> ChatClient.mqtt3(app).as(carol).clientId(alicesPhone).connectOnce())
				.isInstanceOfSatisfying(Mqtt3ConnAckException.class, (ex) -> assertThat(ex.getMqttMessage().getReturnCode())
					.isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
			api.send(bob, room, "phone-00000001", "Still connected?");
			phone.awaitCount(ChatTopics.messages(room), 1);
		}
		// Offline, her session queues; carol still cannot resume it, and alice gets what was queued.
		api.send(bob, room, "phone-00000002", "Queued for alice");
		bobApp.awaitCount(ChatTopics.messages(room), 2);
		assertThatThrownBy(() -> ChatClient.mqtt3(app).as(carol).clientId(alicesPhone).connectOnce())
			.isInstanceOf(Mqtt3ConnAckException.class);
		try (ChatClient phone = ChatClient.mqtt5(app).as(alice).persistent().clientId(alicesPhone).connectOnce()) {
			assertThat(phone.awaitCount(ChatTopics.messages(room), 1).get(0).get("body").asString())
				.isEqualTo("Queued for alice");
		}
	}

	@Test
	void aStrangerWithAnotherUsersClientIdCannotResumeTheirPersistentSession() {
		String alicesLaptop = "laptop-of-" + alice.username();
		try (ChatClient laptop = ChatClient.mqtt5(app).as(alice).persistent().clientId(alicesLaptop).connect()) {
			assertThat(laptop.subscribe(ChatTopics.messages(room))).isTrue();
		}
		api.send(bob, room, "queued-00000001", "Queued 1");
		api.send(bob, room, "queued-00000002", "Queued 2");
		bobApp.awaitCount(ChatTopics.messages(room), 2);
		// Bob may read the room: only the client id's owner keeps him from what was queued for alice's laptop.
		List<Packet> over3 = everythingAnswering(RawMqtt.connectResuming(alicesLaptop, bob.username(), bob.token()));
		List<Packet> over5 = everythingAnswering(RawMqtt.connect5Resuming(alicesLaptop, bob.username(), bob.token()));
		assertThat(over3).as("MQTT 3.1.1: CONNACK 0x05, then closed")
			.extracting(Packet::type, (p) -> p.at(1))
			.containsExactly(tuple(0x20, 0x05));
		assertThat(over5).as("MQTT 5: CONNACK 0x85, then closed")
			.extracting(Packet::type, (p) -> p.at(1))
			.containsExactly(tuple(0x20, 0x85));
		try (ChatClient laptop = ChatClient.mqtt5(app).as(alice).persistent().clientId(alicesLaptop).connect()) {
			assertThat(laptop.awaitCount(ChatTopics.messages(room), 2)).extracting((m) -> m.get("body").asString())
				.containsExactly("Queued 1", "Queued 2");
		}
	}

	@Test
	void theServersUsernameIsNobodyElses() {
		String server = app.context().getBean(MqttBroker.class).serverCredentials().username();
		String password = "not-the-servers-password";
		int signUp = api.post("/api/users", null, Map.of("username", server, "password", password)).status();
		ChatApi.Reply signIn = api.post("/api/tokens", null, Map.of("username", server, "password", password));
		// Should the sign-up have worked, its token is what a thief would try.
		String token = (signIn.status() == 200) ? signIn.body().get("token").asString() : carol.token();
		SoftAssertions.assertSoftly((softly) -> {
			softly.assertThat(signUp).as("sign up as %s", server).isEqualTo(400);
			softly.assertThat(signIn.status()).as("sign in as %s", server).isEqualTo(401);
			for (String secret : List.of(password, token)) {
				softly.assertThatThrownBy(() -> ChatClient.mqtt5(app).as(server, secret).connectOnce())
					.as("MQTT 5 as %s", server)
					.isInstanceOfSatisfying(Mqtt5ConnAckException.class, (ex) -> assertThat(
							ex.getMqttMessage().getReasonCode())
						.isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
				softly.assertThatThrownBy(() -> ChatClient.mqtt3(app).as(server, secret).connectOnce())
					.as("MQTT 3.1.1 as %s", server)
					.isInstanceOfSatisfying(Mqtt3ConnAckException.class, (ex) -> assertThat(
							ex.getMqttMessage().getReturnCode())
						.isEqualTo(Mqtt3ConnAckReturnCode.BAD_USER_NAME_OR_PASSWORD));
			}
		});
	}

	@Test
	void theServersClientIdsAreNobodyElses() {
		for (String serverId : List.of("lowband-bridge", "lowband-server", "lowband-anything")) {
			assertThatThrownBy(() -> ChatClient.mqtt5(app).as(carol).clientId(serverId).connectOnce())
				.as(serverId)
				.isInstanceOf(Mqtt5ConnAckException.class);
		}
		api.send(alice, room, "still-stored-0001", "The bridge is still there");
		bobApp.awaitCount(ChatTopics.messages(room), 1);
	}

	@Test
	void aRefusedPublishIsAnsweredNotAuthorizedOnMqtt5AndAcknowledgedOnMqtt3() throws Exception {
		try (ChatClient carol5 = ChatClient.mqtt5(app).as(carol).connect();
				ChatClient carol3 = ChatClient.mqtt3(app).as(carol).connect()) {
			for (String topic : List.of(ChatTopics.inbound(room, alice.username()), ChatTopics.messages(room),
					"$SYS/broker/anything", ChatTopics.presence(carol.username()))) {
				assertThatThrownBy(() -> carol5.publish(topic, "{\"id\":\"forged-0001\",\"body\":\"x\"}")
					.get(10, TimeUnit.SECONDS)).as(topic)
					.cause()
					.isInstanceOfSatisfying(Mqtt5PubAckException.class, (ex) -> assertThat(
							ex.getMqttMessage().getReasonCode())
						.isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
				carol3.publish(topic, "{\"id\":\"forged-0002\",\"body\":\"x\"}").get(10, TimeUnit.SECONDS);
			}
			// Her in-flight window did not fill: a send on her own topic is still answered (refused: not a member).
			assertThat(ChatClient.awaitRefusal(carol5.send(room, carol.username(), "own-send-0001", "let me in")))
				.isEqualTo(0x87);
		}
		assertThat(api.history(alice, room)).isEmpty();
		assertThat(bobApp.topics()).isEmpty();
	}

	@Test
	void aRefusedExactlyOncePublishEndsAtPubRecOnMqtt5AndCompletesOnMqtt3() throws Exception {
		List<String> forbidden = List.of(ChatTopics.messages(room), ChatTopics.inbound(room, alice.username()));
		String forged = "{\"id\":\"forged-qos2-0001\",\"body\":\"forged\"}";
		try (ChatClient carol5 = ChatClient.mqtt5(app).as(carol).connect()) {
			for (String topic : forbidden) {
				assertThatThrownBy(() -> carol5.publishExactlyOnce(topic, forged).get(10, TimeUnit.SECONDS)).as(topic)
					.cause()
					.isInstanceOfSatisfying(Mqtt5PubRecException.class, (ex) -> assertThat(
							ex.getMqttMessage().getReasonCode().getCode())
						.isGreaterThanOrEqualTo(0x80));
			}
		}
		try (RawMqtt carol3 = RawMqtt.open(app.mqttPort())) {
			carol3.send(RawMqtt.connect("raw-" + carol.username(), carol.username(), carol.token()));
			assertThat(carol3.readPacket().type()).isEqualTo(0x20);
			int packetId = 41;
			for (String topic : forbidden) {
				carol3.send(RawMqtt.publishQos2(topic, ++packetId, forged));
				assertThat(carol3.readPacket()).as("PUBREC for %s", topic)
					.extracting(Packet::type, Packet::packetId)
					.containsExactly(0x50, packetId);
				carol3.send(RawMqtt.pubRel(packetId));
				assertThat(carol3.readPacket()).as("PUBCOMP for %s", topic)
					.extracting(Packet::type, Packet::packetId)
					.containsExactly(0x70, packetId);
			}
		}
		// Anything routed would have reached bob, or the history, before this.
		api.send(alice, room, "genuine-00000001", "Genuine");
		bobApp.awaitCount(ChatTopics.messages(room), 1);
		assertThat(bobApp.on(ChatTopics.messages(room))).extracting((m) -> m.get("body").asString())
			.containsExactly("Genuine");
		assertThat(api.history(alice, room)).hasSize(1);
	}

	@Test
	void anUnsubscribeWithoutFiltersClosesTheConnection() throws Exception {
		try (RawMqtt raw = RawMqtt.open(app.mqttPort())) {
			raw.send(RawMqtt.connect("raw-" + carol.username(), carol.username(), carol.token()));
			assertThat(raw.readPacket().type()).isEqualTo(0x20);
			raw.send(RawMqtt.unsubscribe("dev/anything"));
			assertThat(raw.readPacket().type()).as("UNSUBACK for one filter").isEqualTo(0xB0);
			raw.send(RawMqtt.unsubscribe());
			assertThat(raw.closedWithin(3000)).as("closed after an UNSUBSCRIBE without filters [MQTT-3.10.3-2]")
				.isTrue();
		}
	}

	@Test
	void onlyTheServerSaysWhoIsOnline() throws Exception {
		try (ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect()) {
			for (String forged : List.of("{\"status\":\"offline\"}", "")) {
				assertThatThrownBy(() -> aliceApp.publishRetained(ChatTopics.presence(alice.username()), forged)
					.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(Mqtt5PubAckException.class);
			}
			try (ChatClient watcher = ChatClient.mqtt5(app).as(bob).connect()) {
				assertThat(watcher.subscribe(ChatTopics.presence(alice.username()))).isTrue();
				assertThat(watcher.awaitCount(ChatTopics.presence(alice.username()), 1).get(0).get("status").asString())
					.isEqualTo("online");
			}
		}
	}

	@Test
	void guessingAPasswordOverMqttIsThrottledWhileTheOwnersTokenStillWorks() {
		for (int i = 0; i < 3; i++) {
			assertThatThrownBy(() -> ChatClient.mqtt5(app).as(alice.username(), "not-her-password").connectOnce())
				.isInstanceOfSatisfying(Mqtt5ConnAckException.class, (ex) -> assertThat(ex.getMqttMessage().getReasonCode())
					.isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD));
		}
		assertThatThrownBy(() -> ChatClient.mqtt5(app).as(alice.username(), alice.password()).connectOnce())
			.as("even the right password waits now")
			.isInstanceOfSatisfying(Mqtt5ConnAckException.class, (ex) -> assertThat(ex.getMqttMessage().getReasonCode())
				.isEqualTo(Mqtt5ConnAckReasonCode.SERVER_BUSY));
		assertThatThrownBy(() -> ChatClient.mqtt3(app).as(alice.username(), "not-her-password").connectOnce())
			.isInstanceOfSatisfying(Mqtt3ConnAckException.class, (ex) -> assertThat(ex.getMqttMessage().getReturnCode())
				.isEqualTo(Mqtt3ConnAckReturnCode.SERVER_UNAVAILABLE));
		assertThat(api.post("/api/tokens", null, Map.of("username", alice.username(), "password",
				alice.password())).status()).isEqualTo(429);
		try (ChatClient phone = ChatClient.mqtt5(app).as(alice).connect()) {
			assertThat(phone.isConnected()).isTrue();
		}
	}

	@Test
	void protocolViolationsCloseTheConnection() throws Exception {
		try (RawMqtt raw = RawMqtt.open(app.mqttPort())) {
			raw.send(RawMqtt.publish("dev/anything", "before connect"));
			assertThat(raw.closedWithin(3000)).as("PUBLISH before CONNECT").isTrue();
		}
		try (RawMqtt raw = RawMqtt.open(app.mqttPort())) {
			raw.send(RawMqtt.subscribe("dev/anything"));
			assertThat(raw.closedWithin(3000)).as("SUBSCRIBE before CONNECT").isTrue();
		}
		try (RawMqtt raw = RawMqtt.open(app.mqttPort())) {
			raw.send(RawMqtt.connect("raw-" + carol.username(), carol.username(), carol.token()));
			assertThat(raw.readPacketType()).isEqualTo(0x20);
			raw.send(RawMqtt.connect("raw-" + carol.username(), carol.username(), carol.token()));
			assertThat(raw.closedWithin(3000)).as("a second CONNECT").isTrue();
		}
		try (RawMqtt raw = RawMqtt.open(app.mqttPort())) {
			raw.send(RawMqtt.connect("raw-" + carol.username(), carol.username(), carol.token()));
			assertThat(raw.readPacketType()).isEqualTo(0x20);
			raw.send(RawMqtt.subscribe());
			assertThat(raw.closedWithin(3000)).as("SUBSCRIBE without filters").isTrue();
		}
	}

	@Test
	void aSubscribeSentRightBehindTheConnectIsAnsweredNotClosed() {
		for (int i = 0; i < 200; i++) {
			try (RawMqtt raw = RawMqtt.open(app.mqttPort())) {
				byte[] connect = RawMqtt.connect("pipelined-" + carol.username(), carol.username(), carol.token());
				byte[] subscribe = RawMqtt.subscribe("dev/pipelined");
				byte[] both = new byte[connect.length + subscribe.length];
				System.arraycopy(connect, 0, both, 0, connect.length);
				System.arraycopy(subscribe, 0, both, connect.length, subscribe.length);
				raw.send(both);
				assertThat(raw.readPacketType()).as("CONNACK %d", i).isEqualTo(0x20);
				assertThat(raw.readPacketType()).as("SUBACK %d", i).isEqualTo(0x90);
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}
	}

	@Test
	void garbageIsCountedAndClosedAndADribbledConnectTimesOut() throws Exception {
		double before = badInput("malformed");
		byte[] reservedType = { 0x00, 0x00 };
		byte[] unknownProtocol = { 0x10, 0x0C, 0, 4, 'M', 'Q', 'T', 'X', 4, 2, 0, 60, 0, 0 };
		for (int i = 0; i < 20; i++) {
			try (RawMqtt raw = RawMqtt.open(app.mqttPort())) {
				raw.send((i % 2 == 0) ? reservedType : unknownProtocol);
				assertThat(raw.closedWithin(1000)).as("garbage %d closed at once", i).isTrue();
			}
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(badInput("malformed") - before).isEqualTo(20));

		try (RawMqtt raw = RawMqtt.open(app.mqttPort())) {
			byte[] connect = RawMqtt.connect("slow-" + carol.username(), carol.username(), carol.token());
			long start = System.nanoTime();
			boolean closed = false;
			for (int i = 0; i < connect.length - 1 && !closed; i++) {
				raw.send(new byte[] { connect[i] });
				closed = raw.closedWithin(700);
			}
			assertThat(closed).isTrue();
			assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(1500L, 6000L);
		}
	}

	/**
	 * Every packet the server sends in answer to a CONNECT, until it closes the connection; at most ten, since a
	 * session wrongly resumed is sent its queue again and again.
	 */
	private static List<Packet> everythingAnswering(byte[] connect) {
		List<Packet> packets = new ArrayList<>();
		try (RawMqtt raw = RawMqtt.open(app.mqttPort())) {
			raw.send(connect);
			for (Packet next = raw.readPacket(); next != Packet.CLOSED && packets.size() < 10; next = raw.readPacket()) {
				packets.add(next);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return packets;
	}

	private static double badInput(String kind) {
		var counter = app.context().getBean(MeterRegistry.class).find("lowband.mqtt.bad.input").tag("kind", kind).counter();
		return (counter == null) ? 0 : counter.count();
	}

}
