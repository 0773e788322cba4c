package io.lowband.broker;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;

/** An MQTT 3.1.1 {@link TestClient}. */
final class Mqtt3TestClient extends TestClient {

	private final Mqtt3AsyncClient client;

	private final Will will;

	Mqtt3TestClient(String clientId, Transport transport, int port, Will will, BrokerEvents events) {
		super(clientId, events);
		this.client = builder(clientId, transport, port).useMqttVersion3().buildAsync();
		this.will = will;
		client.publishes(MqttGlobalPublishFilter.ALL, (publish) -> received(new Received(publish.getTopic().toString(),
				publish.getPayloadAsBytes(), publish.getQos().getCode(), publish.isRetain())));
	}

	@Override
	boolean sendConnect(boolean keepSession) {
		Mqtt3ConnectBuilder.Send<CompletableFuture<Mqtt3ConnAck>> connect = client.connectWith()
			.cleanSession(!keepSession);
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
		Mqtt3SubAckReturnCode code = await(client.subscribeWith().topicFilter(topicFilter).qos(MqttQos.fromCode(qos)).send())
			.getReturnCodes()
			.get(0);
		if (code.isError()) {
			throw new AssertionError("The broker refused the subscription to " + topicFilter);
		}
	}

	@Override
	void publish(String topic, byte[] payload, int qos, boolean retain) {
		await(client.publishWith().topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).retain(retain).send());
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
