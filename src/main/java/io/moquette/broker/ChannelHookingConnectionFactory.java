package io.moquette.broker;

import java.lang.reflect.Field;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.function.Consumer;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Moquette 0.18 builds every connection's Netty pipeline in private code and offers no way to add a handler to it.
 * Its one shared MQTT handler creates each connection through this package-private factory the moment the channel
 * is active, before any packet is read, so a factory that first hands the channel to Lowband is the earliest
 * reliable hook. It lives in Moquette's package only because the factory is package-private; it delegates all work
 * to Moquette's own factory. Installed by {@code io.lowband.broker.ChannelHooks}.
 */
public final class ChannelHookingConnectionFactory extends MQTTConnectionFactory {

	private static final Map<String, Field> FIELDS = new ConcurrentHashMap<>();

	private final MQTTConnectionFactory delegate;

	private final Consumer<Channel> hook;

	ChannelHookingConnectionFactory(MQTTConnectionFactory delegate, Consumer<Channel> hook) {
		super(null, null, null, null);
		this.delegate = delegate;
		this.hook = hook;
	}

	/** Wraps the factory of Moquette's shared MQTT handler, the one that every transport's pipeline ends with. */
	public static void install(Object mqttHandler, Consumer<Channel> hook) throws ReflectiveOperationException {
		Field field = NewNettyMQTTHandler.class.getDeclaredField("connectionFactory");
		field.setAccessible(true);
		MQTTConnectionFactory current = (MQTTConnectionFactory) field.get(mqttHandler);
		if (!(current instanceof ChannelHookingConnectionFactory)) {
			field.set(mqttHandler, new ChannelHookingConnectionFactory(current, hook));
		}
	}

	/**
	 * Whether Moquette counts a connection as connected: only then does it accept SUBSCRIBE and PUBLISH. It sets
	 * that in a listener on its CONNACK write, which may run after the write completes, so seeing the CONNACK go
	 * out is not enough. Package-private state, hence here.
	 */
	public static boolean isConnected(Channel channel) {
		Object connection = channel.attr(AttributeKey.valueOf("connection")).get();
		return connection instanceof MQTTConnection mqtt && mqtt.isConnected();
	}

	/**
	 * Marks a connected client's session as one that keeps QoS 1 messages while the client is away, on the session
	 * loop that handles it. Moquette 0.18 keeps them only for sessions begun without Clean Start, though an MQTT 5
	 * session begun with it is kept as long as its Session Expiry Interval says [MQTT-3.1.2-23]. Session's
	 * {@code markAsNotClean} is package-private, hence here; it is what Moquette itself calls when such a session
	 * is resumed.
	 */
	public static void keepQueuedWhileAway(Channel channel) {
		onBoundSession(channel, Session::markAsNotClean);
	}

	/**
	 * Sets how long a connected client's session is kept once its connection ends, on its session loop: an MQTT 5
	 * DISCONNECT may change it [MQTT-3.14.2-2], and Moquette 0.18 ignores that. A session's data is replaced the way
	 * Moquette replaces it to drop a will.
	 */
	public static void expireAfter(Channel channel, int seconds) {
		onBoundSession(channel, (session) -> {
			ISessionsRepository.SessionData data = session.getSessionData();
			Clock clock = Clock.systemUTC();
			session.updateSessionData(data.hasWill()
					? new ISessionsRepository.SessionData(data.clientId(), data.protocolVersion(), data.will(), seconds,
							clock)
					: new ISessionsRepository.SessionData(data.clientId(), data.protocolVersion(), seconds, clock));
		});
	}

	/**
	 * Readies a session its client is about to resume, on the session loop ahead of Moquette's CONNECT:
	 * <ul>
	 * <li>drops the queued messages whose MQTT 5 Message Expiry Interval has passed. Moquette 0.18 stops sending a
	 * queue at the first expired message (Session.drainQueueToConnection returns where it should go on), so one
	 * short-lived message at the head held back everything behind it;</li>
	 * <li>for MQTT 3.1.1, makes every message the session holds unacknowledged due for resending, so the reconnect
	 * resends them all at once [MQTT-4.4.0-1]. Moquette resends, on reconnect, only those whose 5 s resend timer has
	 * run out (Session.resendInflightNotAcked, "MQTT3 behavior"), then sends queued messages under the same packet
	 * ids, replacing the others in its in-flight window: they were never sent again.</li>
	 * </ul>
	 * The queue and the timers are the session's own objects, read (never replaced) and refilled through their
	 * methods.
	 */
	public static void readyForResume(Channel channel, String clientId, boolean mqtt3) {
		if (channel.attr(AttributeKey.valueOf("connection")).get() instanceof MQTTConnection connection) {
			PostOffice postOffice = (PostOffice) readField(connection, "postOffice");
			SessionRegistry sessions = (SessionRegistry) readField(postOffice, "sessionRegistry");
			onSessionLoop(postOffice, clientId, () -> {
				Session session = sessions.retrieve(clientId);
				if (session != null && session.disconnected()) {
					dropExpired(session);
					if (mqtt3) {
						makeAllDue(session);
					}
				}
			});
		}
	}

	private static void makeAllDue(Session session) {
		@SuppressWarnings("unchecked")
		DelayQueue<Session.InFlightPacket> timers =
				(DelayQueue<Session.InFlightPacket>) readField(session, "inflightTimeouts");
		List<Session.InFlightPacket> pending = new ArrayList<>(timers);
		pending.sort(null);
		timers.clear();
		// Due in the order they were sent, which is the order they are resent in [MQTT-4.6.0-1].
		for (int i = 0; i < pending.size(); i++) {
			timers.add(new Session.InFlightPacket(pending.get(i).packetId, i - pending.size()));
		}
	}

	private static void dropExpired(Session session) {
		@SuppressWarnings("unchecked")
		SessionMessageQueue<SessionRegistry.EnqueuedMessage> queue =
				(SessionMessageQueue<SessionRegistry.EnqueuedMessage>) readField(session, "sessionQueue");
		List<SessionRegistry.EnqueuedMessage> kept = new ArrayList<>();
		while (!queue.isEmpty()) {
			SessionRegistry.EnqueuedMessage message = queue.dequeue();
			if (message == null) {
				break;
			}
			if (message instanceof SessionRegistry.PublishedMessage published && published.isExpired()) {
				// The queue held it retained, as Moquette's own drain does.
				published.release();
			}
			else {
				kept.add(message);
			}
		}
		kept.forEach(queue::enqueue);
	}

	private static void onBoundSession(Channel channel, Consumer<Session> action) {
		if (channel.attr(AttributeKey.valueOf("connection")).get() instanceof MQTTConnection connection) {
			PostOffice postOffice = (PostOffice) readField(connection, "postOffice");
			onSessionLoop(postOffice, NettyUtils.clientID(channel), () -> {
				if (readField(connection, "bindedSession") instanceof Session session) {
					action.accept(session);
				}
			});
		}
	}

	/**
	 * Runs an action on the session loop that handles a client's packets, after everything that loop has already
	 * taken for that client, so it keeps the client's order. Moquette's post office and its loops are
	 * package-private, hence here. The future fails when the loop's queue is full.
	 */
	public static CompletableFuture<?> onSessionLoop(Object postOffice, String clientId, Runnable action) {
		PostOffice.RouteResult routed = ((PostOffice) postOffice).routeCommand(clientId, "lowband", () -> {
			action.run();
			return null;
		});
		return routed.isSuccess() ? routed.completableFuture()
				: CompletableFuture.failedFuture(new IllegalStateException("Session loop queue full"));
	}

	/**
	 * One client id per session loop, each handled by a different loop: a command routed to each runs after
	 * everything the loops had taken before it.
	 */
	public static List<String> oneClientIdPerSessionLoop(Object postOffice) {
		SessionEventLoopGroup loops = (SessionEventLoopGroup) readField(postOffice, "sessionLoops");
		String[] ids = new String[loops.getEventLoopCount()];
		int found = 0;
		for (int n = 0; found < ids.length; n++) {
			String candidate = "lowband-loop-" + n;
			int ordinal = loops.targetQueueOrdinal(candidate);
			if (ids[ordinal] == null) {
				ids[ordinal] = candidate;
				found++;
			}
		}
		return List.of(ids);
	}

	/** Read only; each field is looked up once, as some are read on every reconnect. */
	private static Object readField(Object target, String name) {
		try {
			Field field = FIELDS.computeIfAbsent(target.getClass().getName() + '.' + name, (key) -> {
				try {
					Field found = target.getClass().getDeclaredField(name);
					found.setAccessible(true);
					return found;
				}
				catch (NoSuchFieldException ex) {
					throw new IllegalStateException("This Moquette version has no field " + key, ex);
				}
			});
			return field.get(target);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot read Moquette's field " + name, ex);
		}
	}

	@Override
	MQTTConnection create(Channel channel) {
		hook.accept(channel);
		return delegate.create(channel);
	}

}
