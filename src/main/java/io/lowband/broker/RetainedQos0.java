package io.lowband.broker;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.moquette.broker.ChannelHookingConnectionFactory;
import io.moquette.broker.IRetainedRepository;
import io.moquette.broker.subscriptions.Topic;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT says a retained PUBLISH at QoS 0 replaces the topic's retained message [MQTT-3.3.1-5]; Moquette 0.18 only
 * clears it, and does so late, once every subscriber's copy is routed, so a clear can even land after a newer
 * retained message. So Lowband keeps QoS 0 retained messages itself: the edge hands Moquette such a publish without
 * the retain flag (Moquette just delivers it) and this writes Moquette's retained-message store on the publisher's
 * own session loop, behind the packets Moquette already took from that client, so one client's retained
 * publishes, at any QoS, end in the order it sent them. A subscriber that asked for Retain As Published sees such a
 * message live without the flag, as if it had been published unretained. An MQTT 5 message keeps its properties
 * (user properties, content type) and its Message Expiry Interval, as Moquette keeps them for QoS 1 and 2.
 */
final class RetainedQos0 {

	private static final Logger log = LoggerFactory.getLogger(RetainedQos0.class);

	private static final int EXPIRY = MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value();

	private final Object postOffice;

	private final IRetainedRepository repository;

	private RetainedQos0(Object postOffice, IRetainedRepository repository) {
		this.postOffice = postOffice;
		this.repository = repository;
	}

	static RetainedQos0 of(Object postOffice) {
		return new RetainedQos0(postOffice,
				(IRetainedRepository) MoquetteInternals.read(postOffice, "retainedRepository"));
	}

	/**
	 * Keeps (or, for an empty payload, clears) a client's retained QoS 0 message once Moquette has handled what the
	 * client sent before it.
	 */
	void keepFor(String clientId, String topic, byte[] payload, MqttProperties properties) {
		onSessionLoopOf(clientId, topic, () -> {
			Instant expiry = keep(topic, payload, properties);
			if (expiry != null) {
				// Moquette's own expiry tracker for retained messages is private; it clears them at start-up.
				CompletableFuture.delayedExecutor(Math.max(0, Duration.between(Instant.now(), expiry).toMillis()),
						TimeUnit.MILLISECONDS)
					.execute(() -> onSessionLoopOf(clientId, topic, () -> clearIfStill(topic, expiry)));
			}
		});
	}

	private void onSessionLoopOf(String clientId, String topic, Runnable action) {
		ChannelHookingConnectionFactory.onSessionLoop(postOffice, clientId, action)
			.exceptionally((failure) -> {
				log.warn("Could not keep the retained message on {}: {}", topic, failure.toString());
				return null;
			});
	}

	/** Keeps (or clears) a retained QoS 0 message now: for the server's own publishes. */
	void keep(String topic, byte[] payload) {
		keep(topic, payload, MqttProperties.NO_PROPERTIES);
	}

	/** Returns when the kept message expires, or null. */
	private Instant keep(String topic, byte[] payload, MqttProperties properties) {
		Topic name = new Topic(topic);
		if (payload.length == 0) {
			repository.cleanRetained(name);
			return null;
		}
		MqttPublishMessage message = MqttMessageBuilders.publish()
			.topicName(topic)
			.qos(MqttQoS.AT_MOST_ONCE)
			.retained(true)
			.properties(properties)
			.payload(Unpooled.wrappedBuffer(payload))
			.build();
		if (properties.getProperty(EXPIRY) instanceof MqttProperties.IntegerProperty seconds) {
			Instant expiry = Instant.now().plusSeconds(Integer.toUnsignedLong(seconds.value()));
			repository.retain(name, message, expiry);
			return expiry;
		}
		repository.retain(name, message);
		return null;
	}

	/** Clears the topic's retained message if it is still the one that expires then, not a newer one. */
	private void clearIfStill(String topic, Instant expiry) {
		Topic name = new Topic(topic);
		if (repository.retainedOnTopic(topic).stream().anyMatch((m) -> expiry.equals(m.getExpiryTime()))) {
			repository.cleanRetained(name);
		}
	}

}
