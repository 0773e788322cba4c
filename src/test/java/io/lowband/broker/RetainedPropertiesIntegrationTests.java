package io.lowband.broker;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.datatypes.Mqtt5UserProperties;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.lowband.broker.Clients.uniqueClientId;
import static io.lowband.broker.Clients.uniqueTopic;
import static io.lowband.broker.TestClient.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An MQTT 5 retained message keeps what it was published with, at QoS 0 as at QoS 1 (issue 13, defect 8): its
 * user properties and content type reach a late subscriber, and its Message Expiry Interval ends it.
 */
class RetainedPropertiesIntegrationTests {

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(Clients.ANONYMOUS_ALLOWED);

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

	@ParameterizedTest(name = "QoS {0}")
	@ValueSource(ints = { 0, 1 })
	void aLateSubscriberGetsTheRetainedMessagesProperties(int qos) {
		String topic = uniqueTopic();
		await(connected().publishWith().topic(topic).qos(MqttQos.fromCode(qos)).retain(true)
			.contentType("text/plain")
			.userProperties(Mqtt5UserProperties.builder().add("device", "kitchen").build())
			.payload("21.5".getBytes(StandardCharsets.UTF_8))
			.send());

		Mqtt5Publish received = retainedOn(topic);
		assertThat(received.isRetain()).isTrue();
		assertThat(received.getContentType()).hasValueSatisfying((type) -> assertThat(type).hasToString("text/plain"));
		assertThat(received.getUserProperties().asList()).singleElement()
			.satisfies((property) -> assertThat(property.getName() + "=" + property.getValue()).isEqualTo(
					"device=kitchen"));
	}

	@Test
	void aRetainedQos0MessageEndsWhenItExpires() throws InterruptedException {
		String topic = uniqueTopic();
		await(connected().publishWith().topic(topic).retain(true).messageExpiryInterval(1)
			.payload("soon gone".getBytes(StandardCharsets.UTF_8))
			.send());
		Thread.sleep(2_000);
		Mqtt5AsyncClient late = connected();
		List<Mqtt5Publish> received = new CopyOnWriteArrayList<>();
		late.publishes(MqttGlobalPublishFilter.ALL, received::add);
		await(late.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send());
		// A marker published after the subscription: once it is in, a retained message would have been too.
		await(connected().publishWith().topic(topic).payload("marker".getBytes(StandardCharsets.UTF_8)).send());
		org.awaitility.Awaitility.await().atMost(TestClient.WAIT).until(() -> !received.isEmpty());
		assertThat(received).extracting((p) -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))
			.containsExactly("marker");
	}

	private Mqtt5Publish retainedOn(String topic) {
		Mqtt5AsyncClient late = connected();
		CompletableFuture<Mqtt5Publish> first = new CompletableFuture<>();
		late.publishes(MqttGlobalPublishFilter.ALL, first::complete);
		await(late.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send());
		return await(first.orTimeout(TestClient.WAIT.toMillis(), TimeUnit.MILLISECONDS));
	}

	private Mqtt5AsyncClient connected() {
		Mqtt5AsyncClient client = clients.client(uniqueClientId());
		await(client.connect());
		return client;
	}

}
