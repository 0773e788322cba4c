package io.lowband.broker;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which client ids belong to which username: those connected now, and those seen since start (a persistent
 * session outlives its connection and keeps its subscriptions), so a user's rights can be taken back from all of
 * their sessions.
 */
class ConnectedClients {

	private final Map<String, Set<String>> connectedByUser = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> seenByUser = new ConcurrentHashMap<>();

	void connected(String username, String clientId) {
		if (username != null) {
			connectedByUser.computeIfAbsent(username, (u) -> ConcurrentHashMap.newKeySet()).add(clientId);
			seenByUser.computeIfAbsent(username, (u) -> ConcurrentHashMap.newKeySet()).add(clientId);
		}
	}

	void disconnected(String username, String clientId) {
		if (username != null) {
			connectedByUser.computeIfPresent(username, (u, ids) -> {
				ids.remove(clientId);
				return ids.isEmpty() ? null : ids;
			});
		}
	}

	Set<String> seen(String username) {
		return Set.copyOf(seenByUser.getOrDefault(username, Set.of()));
	}

	/** Every connected client id, by username. */
	Map<String, Set<String>> connected() {
		return Map.copyOf(connectedByUser);
	}

}
