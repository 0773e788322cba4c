package io.lowband.ingest;

import java.util.Arrays;

import io.lowband.chat.ChatTopics;
import io.lowband.chat.SendQueue;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.mqtt.inbound.Mqttv5PahoMessageDrivenChannelAdapter;
import org.springframework.integration.mqtt.outbound.Mqttv5PahoMessageHandler;

/**
 * When clients use an external, clustered broker ({@code lowband.bridge.broker-url}), Lowband reaches them through
 * one MQTT connection, the bridge: sends ({@code rooms/+/in/+}, a shared subscription so that instances split them)
 * and requests come in through Spring Integration's MQTT adapters and join the same flow as the edge's; fan-out goes
 * back over the same connection. A send is acknowledged to the broker only once stored.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(IngestConfiguration.EXTERNAL)
class BridgeConfiguration {

	@Bean
	BridgeClientManager bridgeClientManager(BridgeSettings settings) {
		return new BridgeClientManager(settings);
	}

	@Bean
	BridgeReconnector bridgeReconnector(BridgeClientManager client) {
		return new BridgeReconnector(client);
	}

	@Bean("bridge")
	BridgeHealthIndicator bridgeHealthIndicator(BridgeClientManager client) {
		return new BridgeHealthIndicator(client);
	}

	@Bean
	Mqttv5PahoMessageDrivenChannelAdapter bridgeInbound(BridgeClientManager client, BridgeSettings settings) {
		return inbound(client, settings, ChatTopics.ALL_INBOUND);
	}

	@Bean
	Mqttv5PahoMessageDrivenChannelAdapter bridgeRequests(BridgeClientManager client, BridgeSettings settings) {
		return inbound(client, settings, ChatTopics.ALL_SYNC_REQUESTS, ChatTopics.ALL_READ_MARKS);
	}

	/**
	 * An adapter on the bridge's connection for topic filters (shared where the settings say so), at QoS 1, with
	 * manual acknowledgements: a handler acknowledges only what it has dealt with for good.
	 */
	private static Mqttv5PahoMessageDrivenChannelAdapter inbound(BridgeClientManager client, BridgeSettings settings,
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
	BridgeInbound bridgeInboundHandler(SendQueue sends, Requests requests,
			ObjectMapper json, ApplicationEventPublisher events,
			BridgeReconnector reconnector, MeterRegistry meters) {
		return new BridgeInbound(sends, requests, json, events, reconnector, meters);
	}

	@Bean
	IntegrationFlow bridgeIngestFlow(Mqttv5PahoMessageDrivenChannelAdapter bridgeInbound, BridgeInbound handler) {
		return IntegrationFlow.from(bridgeInbound).handle(handler, "send", (e) -> e.id("bridgeIngest")).get();
	}

	@Bean
	IntegrationFlow bridgeRequestFlow(Mqttv5PahoMessageDrivenChannelAdapter bridgeRequests, BridgeInbound handler) {
		return IntegrationFlow.from(bridgeRequests).handle(handler, "request", (e) -> e.id("bridgeRequestHandler")).get();
	}

	@Bean
	IntegrationFlow bridgeFanOutFlow(BridgeClientManager client) {
		Mqttv5PahoMessageHandler outbound = new Mqttv5PahoMessageHandler(client);
		client.restartOnReconnect(outbound);
		outbound.setDefaultQos(1);
		// Never wait for PUBACK on the thread that delivered an inbound message: Paho would deadlock.
		outbound.setAsync(true);
		return IntegrationFlow.from(IngestConfiguration.FAN_OUT_CHANNEL)
			.handle(outbound, (e) -> e.id("bridgeFanOut"))
			.get();
	}

}
