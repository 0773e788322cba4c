package io.lowband.presence;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.lowband.broker.ClientConnected;
import io.lowband.broker.ClientDisconnected;
import io.lowband.broker.MqttBroker;
import io.lowband.chat.ChatTopics;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code presence/{username}} (retained, QoS 1) true: online while at least one of the user's devices is
 * connected, offline when the last one goes, whether it said DISCONNECT or its connection died (keepalive). The
 * server publishes it, so a client needs no last will of its own and several devices don't overwrite each other.
 */
@Component
class Presence {

	private final MqttBroker broker;

	/**
	 * Client ids per user, not a count: when a device reconnects under the same client id before the broker noticed
	 * its old connection die, Moquette reports the new connection but never the old one's loss.
	 */
	private final Map<String, Set<String>> devices = new ConcurrentHashMap<>();

	private final Clock clock = Clock.systemUTC();

	Presence(MqttBroker broker) {
		this.broker = broker;
	}

	@EventListener
	void on(ClientConnected connected) {
		if (isPerson(connected.username())) {
			boolean first = devices.compute(connected.username(), (u, ids) -> {
				Set<String> all = (ids == null) ? ConcurrentHashMap.newKeySet() : ids;
				all.add(connected.clientId());
				return all;
			}).size() == 1;
			if (first) {
				publish(connected.username(), "online");
			}
		}
	}

	@EventListener
	void on(ClientDisconnected gone) {
		if (isPerson(gone.username())) {
			boolean wasOnline = devices.containsKey(gone.username());
			Set<String> left = devices.computeIfPresent(gone.username(), (u, ids) -> {
				ids.remove(gone.clientId());
				return ids.isEmpty() ? null : ids;
			});
			if (wasOnline && left == null) {
				publish(gone.username(), "offline");
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
