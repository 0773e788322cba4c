package io.lowband.broker;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client ids each username has used since start. A persistent session outlives its connection and keeps its
 * subscriptions, so taking a right back has to reach all of them. Whether one is connected right now is asked of
 * the broker itself: connect and disconnect events can arrive out of order when a client reconnects under the same
 * id before its old connection is gone.
 */
class ConnectedClients {

	private final Map<String, Set<String>> seenByUser = new ConcurrentHashMap<>();

	void connected(String username, String clientId) {
		if (username != null) {
			seenByUser.computeIfAbsent(username, (u) -> ConcurrentHashMap.newKeySet()).add(clientId);
		}
	}

	Set<String> seen(String username) {
		return Set.copyOf(seenByUser.getOrDefault(username, Set.of()));
	}

}
