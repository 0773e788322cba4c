package io.lowband.broker;

import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.lowband.broker.Clients.uniqueClientId;
import static io.lowband.broker.TestClient.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Topics that start with {@code $} (issue 13, defect 10): a client's PUBLISH to one is answered as the security
 * rules say (MQTT 5: 0x87 Not authorized; MQTT 3.1.1: acknowledged, since it cannot be told) and delivered to
 * nobody, the server's own clients included; a client's wildcard at the first level is refused, and a wildcard at
 * the first level never matches a {@code $} topic [MQTT-4.7.2-1], which only the server's own clients, whose
 * filters are not checked, can show.
 */
class DollarTopicsIntegrationTests {

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(Clients.ANONYMOUS_ALLOWED);

	static RunningApp app;

	private Mqtt5Clients clients;

	private final String dollarTopic = "$test-" + UUID.randomUUID() + "/x";

	@BeforeAll
	static void startApp() {
		app = shared.app();
	}

	@AfterEach
	void disconnect() {
		if (clients != null) {
			clients.disconnectAll();
		}
	}

	@Test
	void aWildcardAtTheFirstLevelNeverMatchesADollarTopic() throws InterruptedException {
		clients = new Mqtt5Clients(app);
		Mqtt5AsyncClient wildcards = server(uniqueClientId());
		Mqtt5AsyncClient exact = server(uniqueClientId());
		BlockingQueue<String> byWildcard = received(wildcards);
		BlockingQueue<String> byName = received(exact);
		await(wildcards.subscribeWith().topicFilter("#").qos(MqttQos.AT_LEAST_ONCE).send());
		await(wildcards.subscribeWith().topicFilter("+/x").qos(MqttQos.AT_LEAST_ONCE).send());
		await(exact.subscribeWith().topicFilter(dollarTopic).qos(MqttQos.AT_LEAST_ONCE).send());

		String plainTopic = "test-" + UUID.randomUUID() + "/x";
		// As the server publishes: Moquette routes no client's publish to a $ topic (see below).
		app.broker().publish(dollarTopic, new byte[0], 1, false);
		app.broker().publish(plainTopic, new byte[0], 1, false);

		assertThat(byName.poll(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(dollarTopic);
		// Same publisher, same QoS: had the $ topic reached the wildcards, it would have come first.
		assertThat(byWildcard.poll(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(plainTopic);
	}

	@Test
	void aClientsPublishToADollarTopicIsRefusedAndDeliveredToNobody() throws InterruptedException {
		clients = new Mqtt5Clients(app);
		Mqtt5AsyncClient exact = server(uniqueClientId());
		BlockingQueue<String> byName = received(exact);
		await(exact.subscribeWith().topicFilter(dollarTopic).qos(MqttQos.AT_LEAST_ONCE).send());

		Mqtt5AsyncClient client5 = clients.client(uniqueClientId());
		await(client5.connect());
		assertThatThrownBy(() -> await(client5.publishWith().topic(dollarTopic).qos(MqttQos.AT_LEAST_ONCE).send()))
			.cause()
			.isInstanceOfSatisfying(Mqtt5PubAckException.class, (ex) -> assertThat(ex.getMqttMessage().getReasonCode())
				.isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED));
		Mqtt3AsyncClient client3 = TestClient.builder(uniqueClientId(), Transport.TCP, app.mqttPort())
			.useMqttVersion3()
			.buildAsync();
		await(client3.connect());
		await(client3.publishWith().topic(dollarTopic).qos(MqttQos.AT_LEAST_ONCE).send());
		await(client3.disconnect());

		// The server's own publish after both: the first, and only, message on the topic.
		app.broker().publish(dollarTopic, new byte[] { 42 }, 1, false);
		assertThat(byName.poll(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(dollarTopic + " 42");
	}

	/**
	 * Moquette 0.18 drops every client's PUBLISH to a $ topic without an answer (MQTTConnection line 736), so a
	 * sender at QoS 1 waited forever; the edge refuses it to the server's own clients too, which it does not check.
	 */
	@Test
	void theServersOwnPublishToADollarTopicIsAnsweredToo() {
		clients = new Mqtt5Clients(app);
		Mqtt5AsyncClient publisher = server(uniqueClientId());
		assertThatThrownBy(() -> await(publisher.publishWith().topic(dollarTopic).qos(MqttQos.AT_LEAST_ONCE).send()))
			.cause()
			.isInstanceOf(Mqtt5PubAckException.class);
	}

	@Test
	void aClientsWildcardAtTheFirstLevelIsRefused() {
		clients = new Mqtt5Clients(app);
		Mqtt5AsyncClient client = clients.client(uniqueClientId());
		await(client.connect());
		for (String filter : new String[] { "#", "+/x" }) {
			assertThatThrownBy(() -> await(client.subscribeWith().topicFilter(filter).send())).as(filter)
				.cause()
				.isInstanceOf(Mqtt5SubAckException.class);
		}
	}

	/** Connected as the server's own identity, whose filters and topics the edge does not check. */
	private Mqtt5AsyncClient server(String clientId) {
		ServerCredentials credentials = app.broker().serverCredentials();
		Mqtt5AsyncClient client = clients.client(clientId);
		await(client.connectWith()
			.simpleAuth()
			.username(credentials.username())
			.password(credentials.password())
			.applySimpleAuth()
			.send());
		return client;
	}

	/** Each message's topic, and its one-byte payload if it has one. */
	private static BlockingQueue<String> received(Mqtt5AsyncClient client) {
		BlockingQueue<String> topics = new LinkedBlockingQueue<>();
		client.publishes(MqttGlobalPublishFilter.ALL, (publish) -> topics.add(publish.getTopic().toString()
				+ (publish.getPayloadAsBytes().length == 1 ? " " + publish.getPayloadAsBytes()[0] : "")));
		return topics;
	}

}
