package io.lowband.presence;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.lowband.broker.ClientConnected;
import io.lowband.broker.ClientDisconnected;
import io.lowband.broker.MqttBroker;
import io.lowband.chat.ChatTopics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code presence/{username}} (retained, QoS 1) true: online while at least one of the user's devices is
 * connected, offline when the last one goes, whether it said DISCONNECT or its connection died (keepalive). The
 * server publishes it, so a client needs no last will of its own and several devices don't overwrite each other.
 * <p>
 * A lost connection counts only after {@link #RECONNECT_GRACE}, and only if the broker then says that client id is
 * not connected. A phone that reconnects while the broker still holds its dead connection takes over its session,
 * and Moquette reports the old connection's loss just before the new connection, just after it, or not at all;
 * taken as it comes, the loss would show the person offline for an instant, or for as long as the phone stays.
 */
@Component
class Presence {

	static final Duration RECONNECT_GRACE = Duration.ofMillis(500);

	private static final Logger log = LoggerFactory.getLogger(Presence.class);

	private final MqttBroker broker;

	/** Connected client ids per user, not a count: several devices, each reconnecting under its own client id. */
	private final Map<String, Set<String>> devices = new HashMap<>();

	/** The users {@code presence/} shows online now. */
	private final Set<String> shownOnline = new HashSet<>();

	private final Executor afterGrace = CompletableFuture.delayedExecutor(RECONNECT_GRACE.toMillis(),
			TimeUnit.MILLISECONDS);

	private final Clock clock = Clock.systemUTC();

	Presence(MqttBroker broker, MeterRegistry meters) {
		this.broker = broker;
		Gauge.builder("lowband.presence.online", this, Presence::online)
			.description("People shown online: at least one device connected")
			.register(meters);
	}

	private synchronized int online() {
		return shownOnline.size();
	}

	@EventListener
	synchronized void on(ClientConnected connected) {
		if (isPerson(connected.username())) {
			devices.computeIfAbsent(connected.username(), (u) -> new HashSet<>()).add(connected.clientId());
			if (shownOnline.add(connected.username())) {
				publish(connected.username(), "online");
			}
		}
	}

	@EventListener
	void on(ClientDisconnected gone) {
		if (!isPerson(gone.username())) {
			return;
		}
		if (gone.clean()) {
			left(gone.username(), gone.clientId());
		}
		else {
			afterGrace.execute(() -> lostUnlessBack(gone.username(), gone.clientId()));
		}
	}

	private synchronized void lostUnlessBack(String username, String clientId) {
		try {
			if (!broker.isConnected(clientId)) {
				left(username, clientId);
			}
		}
		catch (IllegalStateException ex) {
			log.debug("{} went offline as the broker stopped", username);
		}
	}

	private synchronized void left(String username, String clientId) {
		Set<String> ids = devices.get(username);
		if (ids != null && ids.remove(clientId) && ids.isEmpty()) {
			devices.remove(username);
			if (shownOnline.remove(username)) {
				publish(username, "offline");
			}
		}
	}

	private void publish(String username, String status) {
		String payload = "{\"status\":\"" + status + "\",\"ts\":\"" + clock.instant().truncatedTo(ChronoUnit.MILLIS)
				+ "\"}";
		// Usernames match [a-z0-9][a-z0-9_.-]*, so the payload needs no escaping.
		broker.publish(ChatTopics.presence(username), payload.getBytes(StandardCharsets.UTF_8), 1, true);
	}

	private boolean isPerson(String username) {
		// Anonymous clients and Lowband's own ($lowband) have no presence.
		return username != null && !username.startsWith("$");
	}

}
