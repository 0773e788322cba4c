package io.lowband.broker;

import io.moquette.broker.IRetainedRepository;
import io.moquette.broker.subscriptions.Topic;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * MQTT says a retained PUBLISH at QoS 0 replaces the topic's retained message [MQTT-3.3.1-5]; Moquette 0.18 only
 * clears it. Moquette tells interceptors after it has cleared, so this puts the message back. An empty payload
 * means "delete" and is left alone.
 */
class RetainedQos0Keeper extends AbstractInterceptHandler {

	private volatile IRetainedRepository retained;

	void attach(IRetainedRepository repository) {
		this.retained = repository;
	}

	@Override
	public String getID() {
		return "lowband-retained-qos0";
	}

	@Override
	public Class<?>[] getInterceptedMessageTypes() {
		return new Class<?>[] { InterceptPublishMessage.class };
	}

	@Override
	public void onPublish(InterceptPublishMessage msg) {
		try {
			IRetainedRepository repository = retained;
			if (repository != null && msg.isRetainFlag() && msg.getQos() == MqttQoS.AT_MOST_ONCE
					&& msg.getPayload().readableBytes() > 0) {
				repository.retain(new Topic(msg.getTopicName()), MqttMessageBuilders.publish()
					.topicName(msg.getTopicName())
					.qos(MqttQoS.AT_MOST_ONCE)
					.retained(true)
					.payload(Unpooled.copiedBuffer(msg.getPayload()))
					.build());
			}
		}
		finally {
			super.onPublish(msg);
		}
	}

	@Override
	public void onSessionLoopError(Throwable error) {
		// BrokerEventRelay reports these.
	}

}
