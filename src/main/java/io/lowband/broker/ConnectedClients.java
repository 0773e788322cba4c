package io.lowband.broker;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Which client ids each username holds open, so a user's connections can be closed when their rights change. */
class ConnectedClients {

	private final Map<String, Set<String>> clientsByUser = new ConcurrentHashMap<>();

	void connected(String username, String clientId) {
		if (username != null) {
			clientsByUser.computeIfAbsent(username, (u) -> ConcurrentHashMap.newKeySet()).add(clientId);
		}
	}

	void disconnected(String username, String clientId) {
		if (username != null) {
			clientsByUser.computeIfPresent(username, (u, ids) -> {
				ids.remove(clientId);
				return ids.isEmpty() ? null : ids;
			});
		}
	}

	Set<String> of(String username) {
		return Set.copyOf(clientsByUser.getOrDefault(username, Set.of()));
	}

}
