package io.lowband.bridge;

import java.util.Arrays;

import io.lowband.broker.MqttBroker;
import io.lowband.chat.ChatTopics;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import tools.jackson.databind.ObjectMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;
import org.springframework.integration.mqtt.outbound.Mqttv5PahoMessageHandler;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.MessageHandler;

/**
 * Two flows on one connection. Ingest: every send ({@code rooms/+/in/+}) is stored by the chat, then acknowledged
 * to the broker. Fan-out: each stored message and inbox event is published at QoS 1.
 */
@Configuration(proxyBeanMethods = false)
class BridgeConfiguration {

	static final String FAN_OUT_CHANNEL = "fanOutChannel";

	@Bean(FAN_OUT_CHANNEL)
	DirectChannel fanOutChannel() {
		return new DirectChannel();
	}

	/** Only the embedded broker can hold a sender's PUBACK until the bridge has stored the send. */
	@Bean
	StoreConfirmations storeConfirmations(BridgeSettings settings, ObjectMapper json) {
		return new StoreConfirmations(json, settings.usesEmbeddedBroker());
	}

	@Bean
	BridgeClientManager bridgeClientManager(BridgeSettings settings, MqttBroker embedded) {
		return new BridgeClientManager(settings, embedded);
	}

	@Bean
	Mqttv5PahoMessageDrivenChannelAdapter bridgeInbound(BridgeClientManager client, BridgeSettings settings) {
		return inbound(client, settings, ChatTopics.ALL_INBOUND);
	}

	/**
	 * An adapter on the bridge's connection for topic filters (shared where the settings say so), at QoS 1, with
	 * manual acknowledgements: a handler acknowledges only what it has dealt with for good.
	 */
	static Mqttv5PahoMessageDrivenChannelAdapter inbound(BridgeClientManager client, BridgeSettings settings,
			String... topicFilters) {
		MqttSubscription[] subscriptions = Arrays.stream(topicFilters)
			.map((filter) -> new MqttSubscription(settings.inboundFilter(filter), 1))
			.toArray(MqttSubscription[]::new);
		Mqttv5PahoMessageDrivenChannelAdapter inbound = new Mqttv5PahoMessageDrivenChannelAdapter(client, subscriptions);
		inbound.setManualAcks(true);
		inbound.setPayloadType(byte[].class);
		return inbound;
	}

	@Bean
	IntegrationFlow ingestFlow(Mqttv5PahoMessageDrivenChannelAdapter bridgeInbound, Ingest ingest) {
		return IntegrationFlow.from(bridgeInbound)
			.handle(ingest, "accept", (e) -> e.id("bridgeIngest"))
			.get();
	}

	/**
	 * On the embedded broker, fan-out is handed to the broker in-process: it cannot fail or block while the
	 * bridge's own connection is down, and it skips a loopback hop. On an external broker it goes over MQTT.
	 */
	@Bean
	IntegrationFlow fanOutFlow(BridgeClientManager client, BridgeSettings settings, MqttBroker embedded) {
		MessageHandler outbound = settings.usesEmbeddedBroker() ? (message) -> embedded.publish(
				message.getHeaders().get(MqttHeaders.TOPIC, String.class), (byte[]) message.getPayload(), 1, false)
				: overMqtt(client);
		return IntegrationFlow.from(FAN_OUT_CHANNEL).handle(outbound, (e) -> e.id("bridgeFanOut")).get();
	}

	private static Mqttv5PahoMessageHandler overMqtt(BridgeClientManager client) {
		Mqttv5PahoMessageHandler outbound = new Mqttv5PahoMessageHandler(client);
		client.restartOnReconnect(outbound);
		outbound.setDefaultQos(1);
		// Never wait for PUBACK on the thread that delivered an inbound message: Paho would deadlock.
		outbound.setAsync(true);
		return outbound;
	}

}
