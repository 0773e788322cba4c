package io.lowband.broker;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;

/** An MQTT 5 {@link TestClient}. A kept session expires five minutes after the client goes away. */
final class Mqtt5TestClient extends TestClient {

	private static final long SESSION_EXPIRY_SECONDS = 300;

	private final Mqtt5AsyncClient client;

	private final Will will;

	Mqtt5TestClient(String clientId, Transport transport, int port, Will will, BrokerEvents events) {
		super(clientId, events);
		this.client = builder(clientId, transport, port).useMqttVersion5().buildAsync();
		this.will = will;
		client.publishes(MqttGlobalPublishFilter.ALL, (publish) -> received(new Received(publish.getTopic().toString(),
				publish.getPayloadAsBytes(), publish.getQos().getCode(), publish.isRetain())));
	}

	@Override
	boolean sendConnect(boolean keepSession) {
		Mqtt5ConnectBuilder.Send<CompletableFuture<Mqtt5ConnAck>> connect = client.connectWith()
			.cleanStart(!keepSession)
			.sessionExpiryInterval(keepSession ? SESSION_EXPIRY_SECONDS : 0);
		if (will != null) {
			connect = connect.willPublish()
				.topic(will.topic())
				.payload(will.payload().getBytes(StandardCharsets.UTF_8))
				.qos(MqttQos.fromCode(will.qos()))
				.applyWillPublish();
		}
		return await(connect.send()).isSessionPresent();
	}

	@Override
	void subscribe(String topicFilter, int qos) {
		Mqtt5SubAckReasonCode code = await(client.subscribeWith().topicFilter(topicFilter).qos(MqttQos.fromCode(qos)).send())
			.getReasonCodes()
			.get(0);
		if (code.isError()) {
			throw new AssertionError("The broker refused the subscription to " + topicFilter + ": " + code);
		}
	}

	@Override
	void publish(String topic, byte[] payload, int qos, boolean retain) {
		Mqtt5PublishResult result = await(
				client.publishWith().topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).retain(retain).send());
		result.getError().ifPresent((error) -> {
			throw new AssertionError("The broker refused a publish to " + topic, error);
		});
	}

	@Override
	void disconnect() {
		await(client.disconnect());
	}

	@Override
	boolean isConnected() {
		return client.getState().isConnected();
	}

}
