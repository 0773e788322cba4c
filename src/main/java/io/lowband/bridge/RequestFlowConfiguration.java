package io.lowband.bridge;

import io.lowband.chat.ChatTopics;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;

/** Catch-up and read-marker requests, on the bridge's connection, beside the send flow. */
@Configuration(proxyBeanMethods = false)
class RequestFlowConfiguration {

	@Bean
	Mqttv5PahoMessageDrivenChannelAdapter bridgeRequests(BridgeClientManager client, BridgeSettings settings) {
		Mqttv5PahoMessageDrivenChannelAdapter inbound = new Mqttv5PahoMessageDrivenChannelAdapter(client,
				new MqttSubscription(settings.inboundFilter(ChatTopics.ALL_SYNC_REQUESTS), 1),
				new MqttSubscription(settings.inboundFilter(ChatTopics.ALL_READ_MARKS), 1));
		inbound.setManualAcks(true);
		inbound.setPayloadType(byte[].class);
		return inbound;
	}

	@Bean
	IntegrationFlow requestFlow(Mqttv5PahoMessageDrivenChannelAdapter bridgeRequests, Requests requests) {
		return IntegrationFlow.from(bridgeRequests)
			.handle(requests, "accept", (e) -> e.id("bridgeRequestHandler"))
			.get();
	}

}
