package io.lowband.broker;

import java.time.Duration;

import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections closed for what they sent: one short log line each, at most a few per second in all (a flood of
 * garbage must not fill the disk), and a counter per kind, {@code lowband.mqtt.bad.input}, that counts them all.
 */
final class BadInput {

	enum Kind {

		MALFORMED("malformed"), PROTOCOL_VIOLATION("protocol-violation"), CONNECT_TIMEOUT("connect-timeout"),
		ERROR("error");

		private final String tag;

		Kind(String tag) {
			this.tag = tag;
		}

	}

	private static final Logger log = LoggerFactory.getLogger(BadInput.class);

	private final Bucket lines = Bucket.builder()
		.addLimit((limit) -> limit.capacity(20).refillGreedy(5, Duration.ofSeconds(1)))
		.build();

	private final MeterRegistry meters;

	private final Counter refusedPublishes;

	BadInput(MeterRegistry meters) {
		this.meters = meters;
		this.refusedPublishes = Counter.builder("lowband.mqtt.refused.publishes")
			.description("Publishes dropped because the client may not write to the topic")
			.register(meters);
	}

	/** Closes the connection, counts it, and logs one line unless too many were logged lately. */
	void closing(Channel channel, Kind kind, String what) {
		meters.counter("lowband.mqtt.bad.input", "kind", kind.tag).increment();
		if (lines.tryConsume(1)) {
			log.info("Closed MQTT connection from {}: {} ({})", channel.remoteAddress(), kind.tag, what);
		}
		channel.close();
	}

	void refusedPublish() {
		refusedPublishes.increment();
	}

}
