package io.lowband.broker;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.lowband.broker.Clients.uniqueClientId;
import static io.lowband.broker.Clients.uniqueTopic;
import static io.lowband.broker.TestClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MQTT 5 session lifetimes as the spec says (issue 13): the Session Expiry Interval a CONNECT asks for, capped by
 * {@code lowband.broker.session-expiry}, is what the server keeps and what its CONNACK reports; an absent one means
 * 0; a DISCONNECT may change the interval; and a session begun with Clean Start but asked to be kept keeps QoS 1
 * messages while its client is away.
 */
class SessionExpiryIntegrationTests {

	/** A day, the cap these tests run with. */
	private static final long CAP_SECONDS = 86_400;

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(Clients.ANONYMOUS_ALLOWED,
			"--lowband.broker.session-expiry=" + CAP_SECONDS + "s");

	static RunningApp app;

	private Mqtt5Clients clients;

	@BeforeAll
	static void startApp() {
		app = shared.app();
	}

	@BeforeEach
	void clients() {
		clients = new Mqtt5Clients(app);
	}

	@AfterEach
	void disconnect() {
		clients.disconnectAll();
	}

	@Test
	void theConnAckReportsTheIntervalGrantedUpToTheCap() {
		assertThat(granted(connect(uniqueClientId(), true, 300L))).isEqualTo(300);
		assertThat(granted(connect(uniqueClientId(), true, 0xFFFFFFFFL))).as("never expires, capped")
			.isEqualTo(CAP_SECONDS);
		assertThat(granted(connect(uniqueClientId(), false, null))).as("absent means 0").isZero();
	}

	@Test
	void aSessionWithoutAnIntervalEndsWithItsConnection() {
		String clientId = uniqueClientId();
		Mqtt5AsyncClient phone = client(clientId);
		await(phone.connectWith().cleanStart(false).send());
		await(phone.disconnect());
		assertThat(connect(clientId, false, 300L).isSessionPresent()).as("session present").isFalse();
	}

	@Test
	void aSessionBegunWithCleanStartAndAnIntervalKeepsQos1MessagesWhileAway() {
		String clientId = uniqueClientId();
		String topic = uniqueTopic();
		Mqtt5AsyncClient phone = client(clientId);
		assertThat(await(phone.connectWith().cleanStart(true).sessionExpiryInterval(300).send()).isSessionPresent())
			.isFalse();
		await(phone.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send());
		await(phone.disconnect());

		Mqtt5AsyncClient sender = client(uniqueClientId());
		await(sender.connect());
		for (int i = 1; i <= 2; i++) {
			await(sender.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
				.payload(("while you were out " + i).getBytes(StandardCharsets.UTF_8)).send());
		}

		Mqtt5AsyncClient back = client(clientId);
		List<String> received = new CopyOnWriteArrayList<>();
		back.publishes(MqttGlobalPublishFilter.ALL,
				(publish) -> received.add(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)));
		assertThat(await(back.connectWith().cleanStart(false).sessionExpiryInterval(300).send()).isSessionPresent())
			.isTrue();
		await().atMost(TestClient.WAIT)
			.untilAsserted(() -> assertThat(received).containsSubsequence("while you were out 1", "while you were out 2"));
	}

	@Test
	void aDisconnectThatSetsNoIntervalEndsTheSession() {
		String clientId = uniqueClientId();
		Mqtt5AsyncClient phone = client(clientId);
		await(phone.connectWith().cleanStart(false).sessionExpiryInterval(300).send());
		await(phone.disconnectWith().sessionExpiryInterval(0).send());
		assertThat(connect(clientId, false, 300L).isSessionPresent()).as("session present").isFalse();
	}

	@Test
	void aDisconnectThatSetsALongerIntervalKeepsTheSessionLonger() throws InterruptedException {
		String clientId = uniqueClientId();
		Mqtt5AsyncClient phone = client(clientId);
		await(phone.connectWith().cleanStart(false).sessionExpiryInterval(1).send());
		await(phone.disconnectWith().sessionExpiryInterval(300).send());
		// Moquette looks for expired sessions every second.
		Thread.sleep(3_000);
		assertThat(connect(clientId, false, 300L).isSessionPresent()).as("session present").isTrue();
	}

	/** Message expiry: one that ran out at the head of an away session's queue does not hold back the rest. */
	@Test
	void anExpiredMessageIsSkippedAndTheOnesBehindItArrive() throws InterruptedException {
		String clientId = uniqueClientId();
		String topic = uniqueTopic();
		Mqtt5AsyncClient phone = client(clientId);
		await(phone.connectWith().cleanStart(false).sessionExpiryInterval(300).send());
		await(phone.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send());
		await(phone.disconnect());

		Mqtt5AsyncClient sender = client(uniqueClientId());
		await(sender.connect());
		await(sender.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(1)
			.payload("short-lived".getBytes(StandardCharsets.UTF_8)).send());
		await(sender.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(60)
			.payload("long-lived".getBytes(StandardCharsets.UTF_8)).send());
		Thread.sleep(2_000);

		Mqtt5AsyncClient back = client(clientId);
		List<String> received = new CopyOnWriteArrayList<>();
		back.publishes(MqttGlobalPublishFilter.ALL,
				(publish) -> received.add(new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8)));
		await(back.connectWith().cleanStart(false).sessionExpiryInterval(300).send());
		await().atMost(TestClient.WAIT).untilAsserted(() -> assertThat(received).contains("long-lived"));
		assertThat(received).doesNotContain("short-lived");
	}

	private Mqtt5ConnAck connect(String clientId, boolean cleanStart, Long sessionExpiry) {
		Mqtt5AsyncClient client = client(clientId);
		var connect = client.connectWith().cleanStart(cleanStart);
		CompletableFuture<Mqtt5ConnAck> ack = (sessionExpiry == null) ? connect.send()
				: connect.sessionExpiryInterval(sessionExpiry).send();
		return await(ack);
	}

	/** The interval the server granted: the CONNACK's, or the CONNECT's when the CONNACK names none. */
	private static long granted(Mqtt5ConnAck ack) {
		return ack.getSessionExpiryInterval().orElseThrow(() -> new AssertionError("CONNACK names no interval"));
	}

	private Mqtt5AsyncClient client(String clientId) {
		return clients.client(clientId);
	}

}
