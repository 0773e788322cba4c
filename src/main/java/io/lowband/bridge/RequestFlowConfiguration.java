package io.lowband.bridge;

import io.lowband.chat.ChatTopics;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;

/** Catch-up and read-marker requests, on the bridge's connection, beside the send flow. */
@Configuration(proxyBeanMethods = false)
class RequestFlowConfiguration {

	@Bean
	Mqttv5PahoMessageDrivenChannelAdapter bridgeRequests(BridgeClientManager client, BridgeSettings settings) {
		return BridgeConfiguration.inbound(client, settings, ChatTopics.ALL_SYNC_REQUESTS, ChatTopics.ALL_READ_MARKS);
	}

	@Bean
	IntegrationFlow requestFlow(Mqttv5PahoMessageDrivenChannelAdapter bridgeRequests, Requests requests) {
		return IntegrationFlow.from(bridgeRequests)
			.handle(requests, "accept", (e) -> e.id("bridgeRequestHandler"))
			.get();
	}

}
