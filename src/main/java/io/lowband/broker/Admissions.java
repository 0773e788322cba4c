package io.lowband.broker;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.lowband.broker.ConnectVerdict.Refused;
import io.lowband.broker.ConnectVerdict.Refusal;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every CONNECT that reaches the edge (see {@link EdgeGate}), on threads of its own: password hashing
 * on the network threads would make every other client wait for each wrong password. Moquette's authenticator
 * then only has to recognise the connects admitted here ({@link #isBeingAdmitted}). Also remembers which live
 * connection signed in with which credential, so revoking a token closes them.
 */
final class Admissions {

	/** Client ids the server's own clients use; no user may take one (it would throw the server's client off). */
	static final String SERVER_CLIENT_ID_PREFIX = "lowband-";

	/** How long a CONNECT may wait for its verdict before it is refused as "server unavailable". */
	private static final Duration VERDICT_TIMEOUT = Duration.ofSeconds(10);

	/** Connects waiting to be checked beyond which new ones hear "server busy" at once. */
	private static final int QUEUE = 10_000;

	private static final Logger log = LoggerFactory.getLogger(Admissions.class);

	/** Set only while an admitted CONNECT passes, synchronously, through Moquette's handler on this thread. */
	private static final ThreadLocal<String> ADMITTING = new ThreadLocal<>();

	private final BrokerAccess access;

	private final ServerCredentials server;

	private final boolean allowAnonymous;

	private final ThreadPoolExecutor checks;

	private final Map<String, Set<Channel>> byCredential = new ConcurrentHashMap<>();

	private final ProxiedClients proxied = new ProxiedClients();

	private volatile boolean closed;

	/** Who is behind connections that reach the broker through Lowband's own WebSocket proxy. */
	ProxiedClients proxied() {
		return proxied;
	}

	Admissions(BrokerAccess access, ServerCredentials server, boolean allowAnonymous) {
		this.access = access;
		this.server = server;
		this.allowAnonymous = allowAnonymous;
		// Mostly waiting: a token check is a store lookup and, for a new client id, a store write. BCrypt, for
		// password sign-ins, is held to one computation per core by Passwords whatever the number of threads.
		int threads = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
		AtomicInteger count = new AtomicInteger();
		this.checks = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(QUEUE),
				(task) -> {
					Thread thread = new Thread(task, "lowband-connect-check-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
	}

	/** Whether these are the server's own credentials; only its own clients hold the password. */
	boolean isServer(String username, byte[] password) {
		return server.matches(username, password);
	}

	/** The verdict on a CONNECT; completes on a checking thread, or at once when no check is needed. */
	CompletableFuture<ConnectVerdict> decide(ConnectAttempt attempt) {
		if (isServer(attempt.username(), attempt.password())) {
			return CompletableFuture.completedFuture(ConnectVerdict.Admitted.forever());
		}
		Refused early = refusedWithoutCheck(attempt);
		if (early != null) {
			return CompletableFuture.completedFuture(early);
		}
		try {
			// A verdict that does not come in time (a store that does not answer) is a refusal the client retries.
			return CompletableFuture.supplyAsync(() -> access.admit(attempt), checks)
				.thenCompose(Function.identity())
				.completeOnTimeout(new Refused(Refusal.UNAVAILABLE), VERDICT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			return CompletableFuture.completedFuture(new Refused(Refusal.BUSY, Duration.ofSeconds(5)));
		}
	}

	private Refused refusedWithoutCheck(ConnectAttempt attempt) {
		if (closed) {
			return new Refused(Refusal.UNAVAILABLE);
		}
		if (server.username().equals(attempt.username())) {
			return new Refused(Refusal.BAD_CREDENTIALS);
		}
		if (attempt.clientId().startsWith(SERVER_CLIENT_ID_PREFIX)) {
			return new Refused(Refusal.CLIENT_ID_TAKEN);
		}
		if (attempt.isAnonymous() && !allowAnonymous) {
			return new Refused(Refusal.BAD_CREDENTIALS);
		}
		return null;
	}

	/** Runs {@code connect}, which hands an admitted CONNECT to Moquette, letting its authenticator say yes. */
	static void passToBroker(String username, Runnable connect) {
		ADMITTING.set(username);
		try {
			connect.run();
		}
		finally {
			ADMITTING.remove();
		}
	}

	/** Asked by Moquette's authenticator: whether this connect was admitted at the edge. */
	static boolean isBeingAdmitted(String username) {
		return username != null && username.equals(ADMITTING.get());
	}

	/** Remembers that a connection signed in with a credential, until it closes. */
	void track(String credentialId, Channel channel) {
		Set<Channel> channels = byCredential.computeIfAbsent(credentialId, (id) -> ConcurrentHashMap.newKeySet());
		channels.add(channel);
		channel.closeFuture().addListener((closedChannel) -> {
			channels.remove(channel);
			byCredential.computeIfPresent(credentialId, (id, left) -> left.isEmpty() ? null : left);
		});
	}

	/** Closes every connection that signed in with a credential; returns how many. */
	int closeConnectionsUsing(String credentialId) {
		Set<Channel> channels = byCredential.getOrDefault(credentialId, Set.of());
		channels.forEach(Channel::close);
		if (!channels.isEmpty()) {
			log.info("Closed {} MQTT connection(s) whose access token was revoked", channels.size());
		}
		return channels.size();
	}

	/** From now on only the server's own clients are admitted (a graceful stop has begun). */
	void close() {
		closed = true;
	}

	void shutdown() {
		checks.shutdownNow();
	}

}
