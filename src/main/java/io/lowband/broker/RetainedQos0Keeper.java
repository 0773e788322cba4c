package io.lowband.broker;

import io.moquette.broker.IRetainedRepository;
import io.moquette.broker.RetainedMessage;
import io.moquette.broker.subscriptions.Topic;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * MQTT says a retained PUBLISH at QoS 0 replaces the topic's retained message [MQTT-3.3.1-5]; Moquette 0.18 only
 * clears it. Moquette tells interceptors after it has cleared, so this puts the message back. An empty payload
 * means "delete".
 * <p>
 * Interceptors run later, on Moquette's interceptor thread, in the order Moquette handled the publishes. By then
 * Moquette may already have stored a newer QoS 1 or 2 message, or cleared the topic for a newer empty one, so a
 * QoS 0 message is only put back over nothing or over another QoS 0 message, and an empty retained publish also
 * removes a QoS 0 message put back for an earlier publish.
 */
class RetainedQos0Keeper extends AbstractInterceptHandler {

	private volatile GuardedRetainedRepository retained;

	void attach(GuardedRetainedRepository repository) {
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
			if (msg.isRetainFlag()) {
				replay(msg.getTopicName(), msg.getQos(), msg.getPayload());
			}
		}
		finally {
			super.onPublish(msg);
		}
	}

	/** Keeps a QoS 0 retained message the server itself published, which Moquette does not show interceptors. */
	void keep(String topic, byte[] payload) {
		replay(topic, MqttQoS.AT_MOST_ONCE, Unpooled.wrappedBuffer(payload));
	}

	private void replay(String topicName, MqttQoS qos, ByteBuf payload) {
		GuardedRetainedRepository repository = retained;
		if (repository == null) {
			return;
		}
		Topic topic = new Topic(topicName);
		synchronized (repository) {
			MqttQoS stored = storedQos(repository, topic);
			if (payload.readableBytes() == 0) {
				if (stored == MqttQoS.AT_MOST_ONCE) {
					repository.cleanRetained(topic);
				}
			}
			else if (qos == MqttQoS.AT_MOST_ONCE && (stored == null || stored == MqttQoS.AT_MOST_ONCE)) {
				repository.retain(topic, MqttMessageBuilders.publish()
					.topicName(topicName)
					.qos(MqttQoS.AT_MOST_ONCE)
					.retained(true)
					.payload(Unpooled.copiedBuffer(payload))
					.build());
			}
		}
	}

	private static MqttQoS storedQos(IRetainedRepository repository, Topic topic) {
		for (RetainedMessage message : repository.retainedOnTopic(topic.toString())) {
			if (message.getTopic().equals(topic)) {
				return message.qosLevel();
			}
		}
		return null;
	}

	@Override
	public void onSessionLoopError(Throwable error) {
		// BrokerEventRelay reports these.
	}

}
