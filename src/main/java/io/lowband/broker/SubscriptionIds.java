package io.lowband.broker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.moquette.broker.subscriptions.Topic;

/**
 * The Subscription Identifiers of each client's subscriptions, kept at the edge so that a message matching several
 * subscriptions of one session reaches it as one copy carrying all their identifiers [MQTT-3.3.4-4]. Moquette 0.18
 * picks one of the session's matching subscriptions (PostOffice.publish2Subscribers, line 866, calls
 * CTrieSubscriptionDirectory.matchQosSharpening, lines 86-107: the one with the highest QoS) and sends one copy with
 * that subscription's identifier only. Filled from the SUBSCRIBEs and SUBACKs that pass the edge, so a session
 * resumed after a restart has Moquette's single identifier again until its client subscribes anew. A session that
 * subscribed to a shared subscription ({@code $share/...}) is left as Moquette serves it: its copies come one per
 * share name, and which subscription a copy is for cannot be told from outside. A client that never connects again
 * keeps its entry until the next restart. Thread-safe: a client's connections may be served by different event
 * loops one after another.
 */
final class SubscriptionIds {

	private static final String SHARE = "$share/";

	/** Client id to topic filter to identifier, for clients that gave any. */
	private final Map<String, Map<String, Integer>> byClient = new ConcurrentHashMap<>();

	/** A client connected without a session to resume: what it subscribed to before is gone. */
	void sessionStarted(String clientId) {
		byClient.remove(clientId);
	}

	/** A subscription granted; {@code id} 0 when it has no identifier (which replaces one it had). */
	void subscribed(String clientId, String filter, int id) {
		// Shared ones are kept whatever their identifier, so that matching() can tell they exist.
		if (id > 0 || filter.startsWith(SHARE)) {
			byClient.computeIfAbsent(clientId, (c) -> new ConcurrentHashMap<>()).put(filter, id);
		}
		else {
			unsubscribed(clientId, filter);
		}
	}

	void unsubscribed(String clientId, String filter) {
		byClient.computeIfPresent(clientId, (c, filters) -> {
			filters.remove(filter);
			return filters.isEmpty() ? null : filters;
		});
	}

	/**
	 * The identifiers of all the client's subscriptions that match a topic, or null when the client gave none, or
	 * has a shared subscription (see above).
	 */
	List<Integer> matching(String clientId, String topic) {
		Map<String, Integer> filters = byClient.get(clientId);
		if (filters == null || filters.keySet().stream().anyMatch((f) -> f.startsWith(SHARE))) {
			return null;
		}
		Topic name = new Topic(topic);
		List<Integer> ids = new ArrayList<>();
		filters.forEach((filter, id) -> {
			// A wildcard at the first level never matches a topic that starts with $ [MQTT-4.7.2-1].
			boolean dollarSafe = !topic.startsWith("$") || !(filter.startsWith("+") || filter.startsWith("#"));
			if (id > 0 && dollarSafe && name.match(new Topic(filter))) {
				ids.add(id);
			}
		});
		return ids;
	}

}
