package io.lowband.broker;

import java.time.Instant;
import java.util.Collection;

import io.moquette.broker.IRetainedRepository;
import io.moquette.broker.RetainedMessage;
import io.moquette.broker.subscriptions.Topic;
import io.netty.handler.codec.mqtt.MqttPublishMessage;

/**
 * Moquette's retained-message store behind one lock (this object's monitor). Moquette's session loops write
 * through it, so {@link RetainedQos0Keeper} can hold the same lock to look at a topic and write it in one step.
 */
final class GuardedRetainedRepository implements IRetainedRepository {

	private final IRetainedRepository delegate;

	GuardedRetainedRepository(IRetainedRepository delegate) {
		this.delegate = delegate;
	}

	@Override
	public synchronized void cleanRetained(Topic topic) {
		delegate.cleanRetained(topic);
	}

	@Override
	public synchronized void retain(Topic topic, MqttPublishMessage msg) {
		delegate.retain(topic, msg);
	}

	@Override
	public synchronized void retain(Topic topic, MqttPublishMessage msg, Instant expiryTime) {
		delegate.retain(topic, msg, expiryTime);
	}

	@Override
	public synchronized boolean isEmpty() {
		return delegate.isEmpty();
	}

	@Override
	public synchronized Collection<RetainedMessage> retainedOnTopic(String topic) {
		return delegate.retainedOnTopic(topic);
	}

	@Override
	public synchronized Collection<RetainedMessage> listExpirable() {
		return delegate.listExpirable();
	}

}
