package io.lowband.broker;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;


import io.moquette.broker.ChannelHookingConnectionFactory;
import io.moquette.broker.ISubscriptionsRepository;
import io.moquette.broker.Server;
import io.moquette.broker.subscriptions.ISubscriptionsDirectory;
import io.moquette.broker.subscriptions.ShareName;
import io.moquette.broker.subscriptions.SharedSubscription;
import io.moquette.broker.subscriptions.Subscription;
import io.moquette.broker.subscriptions.Topic;
import io.netty.channel.Channel;

/**
 * What Lowband reads of Moquette 0.18's private state: the bound ports, the subscriptions, the retained-message store
 * (see {@link RetainedQos0}) and the queue store (see {@link QueueCheckpoint}). Only ever read: Moquette's fields are
 * final, and Lowband never writes them. The version is pinned in the pom and the integration tests use all of these
 * (a late subscriber over WebSocket gets a QoS 0 retained message; two sessions' queued messages survive a restart),
 * so an upgrade that moves them fails the build rather than production.
 */
final class MoquetteInternals {

	private static final String TCP_PROTOCOL = "TCP MQTT";

	private static final String WEBSOCKET_PROTOCOL = "Websocket MQTT";

	private static final String SECURE_WEBSOCKET_PROTOCOL = "Secure websocket";

	private static final String TLS_PROTOCOL = "SSL MQTT";

	private static final Map<String, Field> FIELDS = new ConcurrentHashMap<>();

	private MoquetteInternals() {
	}

	static int tcpPort(Server server) {
		// Not Server.getPort(): asked too early, it records and returns 0.
		return boundPort(server, TCP_PROTOCOL);
	}

	static int websocketPort(Server server) {
		return boundPort(server, WEBSOCKET_PROTOCOL);
	}

	static int secureWebsocketPort(Server server) {
		return boundPort(server, SECURE_WEBSOCKET_PROTOCOL);
	}

	static int tlsPort(Server server) {
		return boundPort(server, TLS_PROTOCOL);
	}

	private static int boundPort(Server server, String protocol) {
		Map<?, ?> ports = (Map<?, ?>) read(read(server, "acceptor"), "ports");
		// Moquette records each port from a bind listener that runs on its event loop, just after startServer.
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			Object port = ports.get(protocol);
			if (port instanceof Integer bound && bound > 0) {
				return bound;
			}
			sleepBriefly();
		}
		throw new IllegalStateException("Moquette did not report a bound port for " + protocol);
	}

	/** Whether Moquette has finished a connection's CONNECT and will take its other packets. */
	static boolean isConnected(Channel channel) {
		return ChannelHookingConnectionFactory.isConnected(channel);
	}

	/** See {@link SessionTerms}: the connection's session keeps QoS 1 messages while its client is away. */
	static void keepQueuedWhileAway(Channel channel) {
		ChannelHookingConnectionFactory.keepQueuedWhileAway(channel);
	}

	/**
	 * Before a client resumes its session: expired messages leave its queue, and for MQTT 3.1.1 everything it left
	 * unacknowledged is resent at once.
	 */
	static void readyForResume(Channel channel, String clientId, boolean mqtt3) {
		ChannelHookingConnectionFactory.readyForResume(channel, clientId, mqtt3);
	}

	/** See {@link SessionTerms}: the connection's session is kept this long once it ends. */
	static void expireAfter(Channel channel, int seconds) {
		ChannelHookingConnectionFactory.expireAfter(channel, seconds);
	}

	/** Removes the subscriptions, shared ones too, of the given clients that match a topic, from memory and disk. */
	static void removeSubscriptions(Server server, String topic, Set<String> clientIds) {
		if (clientIds.isEmpty()) {
			return;
		}
		ISubscriptionsDirectory directory = (ISubscriptionsDirectory) read(read(server, "dispatcher"), "subscriptions");
		for (Subscription subscription : directory.matchWithoutQosSharpening(new Topic(topic))) {
			if (!clientIds.contains(subscription.getClientId())) {
				continue;
			}
			// Moquette's own hasShareName() is true for every subscription: a plain one has an empty share name.
			if (subscription.getShareName() != null && !subscription.getShareName().isEmpty()) {
				directory.removeSharedSubscription(new ShareName(subscription.getShareName()),
						subscription.getTopicFilter(), subscription.getClientId());
			}
			else {
				directory.removeSubscription(subscription.getTopicFilter(), subscription.getClientId());
			}
		}
	}

	/**
	 * Removes the shared subscriptions kept on disk that {@code mayKeep} refuses (client id, inner filter); returns
	 * how many.
	 */
	static int removeSharedSubscriptionsUnless(Server server, BiPredicate<String, String> mayKeep) {
		ISubscriptionsDirectory directory = (ISubscriptionsDirectory) read(read(server, "dispatcher"), "subscriptions");
		ISubscriptionsRepository stored = (ISubscriptionsRepository) read(directory, "subscriptionsRepository");
		int removed = 0;
		for (SharedSubscription shared : List.copyOf(stored.listAllSharedSubscription())) {
			if (!mayKeep.test(shared.clientId(), shared.topicFilter().toString())) {
				directory.removeSharedSubscription(shared.getShareName(), shared.topicFilter(), shared.clientId());
				removed++;
			}
		}
		return removed;
	}

	static Object read(Object target, String name) {
		try {
			return field(target.getClass(), name).get(target);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("This Moquette version has no field " + target.getClass().getSimpleName()
					+ "." + name + "; Lowband is built for 0.18.3", ex);
		}
	}

	/** Looked up once per class and name: {@link ChannelHooks} reads fields on every publish. */
	private static Field field(Class<?> type, String name) throws NoSuchFieldException {
		Field field = FIELDS.get(type.getName() + '.' + name);
		if (field == null) {
			field = type.getDeclaredField(name);
			field.setAccessible(true);
			FIELDS.put(type.getName() + '.' + name, field);
		}
		return field;
	}

	static Object invoke(Object target, String name, int... args) {
		try {
			Class<?>[] types = new Class<?>[args.length];
			Object[] values = new Object[args.length];
			for (int i = 0; i < args.length; i++) {
				types[i] = int.class;
				values[i] = args[i];
			}
			Method method = target.getClass().getDeclaredMethod(name, types);
			method.setAccessible(true);
			return method.invoke(target, values);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("This Moquette version has no method " + target.getClass().getSimpleName()
					+ "." + name + "; Lowband is built for 0.18.3", ex);
		}
	}

	private static void sleepBriefly() {
		try {
			Thread.sleep(5);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the broker's ports", ex);
		}
	}

}
