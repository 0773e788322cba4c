package io.lowband.user;

import java.time.Duration;

/**
 * Someone did something too often and must wait: REST answers 429 with {@code Retry-After}, MQTT a "server busy"
 * CONNACK. {@code kind} is the stable problem type (for example {@code too-many-attempts}).
 */
public class RateLimited extends RuntimeException {

	private final String kind;

	private final Duration retryAfter;

	public RateLimited(String kind, String detail, Duration retryAfter) {
		super(detail);
		this.kind = kind;
		this.retryAfter = retryAfter;
	}

	public String kind() {
		return kind;
	}

	/** How long to wait before trying again, at least a second. */
	public Duration retryAfter() {
		return retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retryAfter;
	}

}
