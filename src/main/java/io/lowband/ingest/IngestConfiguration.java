package io.lowband.ingest;

import io.lowband.broker.MqttBroker;
import io.lowband.chat.CatchUp;
import io.lowband.chat.History;
import io.lowband.chat.MessageLog;
import io.lowband.chat.SendQueue;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.mqtt.support.MqttHeaders;
import org.springframework.messaging.MessageChannel;

/**
 * The path of a send: the broker's edge ({@link ChatIntake}), REST, or on an external broker the MQTT adapter
 * ({@link BridgeConfiguration}) hand it to {@link #SEND_CHANNEL}; the flow gives it to its room's writer
 * ({@link SendPartitions}), which stores it in a batch ({@link BatchWriter}), answers its sender and publishes what
 * was stored; {@link FanOut} turns that into MQTT messages on {@link #FAN_OUT_CHANNEL}, which on the embedded broker
 * go straight into it.
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

	static final String SEND_CHANNEL = "sendChannel";

	static final String FAN_OUT_CHANNEL = "fanOutChannel";

	/** The embedded broker is the one clients use: no {@code lowband.bridge.broker-url}. */
	static final String EMBEDDED = "'${lowband.bridge.broker-url:}' == ''";

	static final String EXTERNAL = "'${lowband.bridge.broker-url:}' != ''";

	@Bean(SEND_CHANNEL)
	DirectChannel sendChannel() {
		return new DirectChannel();
	}

	@Bean(FAN_OUT_CHANNEL)
	DirectChannel fanOutChannel() {
		return new DirectChannel();
	}

	@Bean
	BatchWriter batchWriter(MessageLog messages, ApplicationEventPublisher events, MeterRegistry meters) {
		return new BatchWriter(messages, events, meters);
	}

	@Bean
	SendPartitions sendPartitions(IngestSettings settings, BatchWriter writer, MeterRegistry meters) {
		return new SendPartitions(settings, writer, meters);
	}

	@Bean
	SendQueue sendQueue(@Qualifier(SEND_CHANNEL) MessageChannel channel, MeterRegistry meters) {
		return new MeasuredSendQueue(channel, meters);
	}

	@Bean
	IntegrationFlow sendFlow(SendPartitions partitions) {
		return IntegrationFlow.from(SEND_CHANNEL).handle(Send.class, (send, headers) -> {
			partitions.offer(send);
			return null;
		}, (e) -> e.id("sendPartitioner")).get();
	}

	@Bean
	Requests requests(CatchUp catchUp, History history, ObjectMapper json,
			MeterRegistry meters, IngestSettings settings) {
		return new Requests(catchUp, history, json, meters, settings);
	}

	@Bean
	@ConditionalOnExpression(EMBEDDED)
	ChatIntake chatIntake(SendQueue sends, Requests requests, ObjectMapper json, ApplicationEventPublisher events,
			MeterRegistry meters) {
		return new ChatIntake(sends, requests, json, events, meters);
	}

	/** On the embedded broker, fan-out is handed to it in-process: it cannot fail or block on a connection. */
	@Bean
	@ConditionalOnExpression(EMBEDDED)
	IntegrationFlow fanOutFlow(MqttBroker embedded) {
		return IntegrationFlow.from(FAN_OUT_CHANNEL)
			.handle((message) -> embedded.publish(message.getHeaders().get(MqttHeaders.TOPIC, String.class),
					(byte[]) message.getPayload(), 1, false), (e) -> e.id("embeddedFanOut"))
			.get();
	}

}
