package io.lowband.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;

/**
 * HiveMQ MQTT 5 clients, which share one Netty event loop, so one process holds thousands of connections. Connects
 * many at a time but not all at once: a burst of 10,000 SYNs overflows the listen backlog and measures retries.
 */
final class Mqtt {

	/** Connects in flight at once; more only queue on a 2-core server. */
	private static final int CONNECTING_AT_ONCE = 200;

	private Mqtt() {
	}

	/**
	 * Who connects and how.
	 *
	 * @param clientId the MQTT client id
	 * @param username null for anonymous
	 * @param password the account password or a token
	 * @param websocket MQTT over WebSocket instead of TCP
	 * @param sessionExpirySeconds 0 for a clean session, otherwise kept this long while offline
	 */
	record Login(String clientId, String username, String password, boolean websocket, long sessionExpirySeconds) {

		static Login anonymous(String clientId) {
			return new Login(clientId, null, null, false, 0);
		}

	}

	static Mqtt5AsyncClient client(Broker broker, Login login) {
		return client(broker.host(), login.websocket() ? broker.websocketPort() : broker.mqttPort(), broker, login);
	}

	/** A client for a broker reached through another port (a counting proxy). */
	static Mqtt5AsyncClient client(String host, int port, Broker broker, Login login) {
		return builder(host, port, broker, login).buildAsync();
	}

	/**
	 * A client that reconnects one second after losing its connection, as mosquitto_sub and MQTT.js do. With a
	 * session it then sends again what was pending (a SUBSCRIBE the broker dropped, see README), which completes the
	 * pending futures; without reconnecting they would wait forever.
	 */
	static Mqtt5AsyncClient reconnecting(String host, int port, Broker broker, Login login, AtomicInteger connects) {
		return builder(host, port, broker, login).automaticReconnect().initialDelay(1, TimeUnit.SECONDS)
			.maxDelay(1, TimeUnit.SECONDS).applyAutomaticReconnect()
			.addConnectedListener((context) -> connects.incrementAndGet()).buildAsync();
	}

	private static Mqtt5ClientBuilder builder(String host, int port, Broker broker, Login login) {
		Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5().identifier(login.clientId())
			.serverHost(host).serverPort(port);
		if (login.websocket()) {
			builder = builder.webSocketConfig().serverPath(broker.websocketPath()).applyWebSocketConfig();
		}
		if (login.username() != null) {
			builder = builder.simpleAuth().username(login.username())
				.password(login.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
		}
		return builder;
	}

	static CompletableFuture<Mqtt5AsyncClient> connect(Mqtt5AsyncClient client, Login login, boolean cleanStart) {
		return client.connectWith().cleanStart(cleanStart).sessionExpiryInterval(login.sessionExpirySeconds())
			.keepAlive(60).send().thenApply((ack) -> client);
	}

	/**
	 * Connects {@code count} clients and answers them in order; a client that failed to connect is null, so the
	 * caller counts it instead of the run dying on one refused connection.
	 */
	static List<Mqtt5AsyncClient> connectAll(Broker broker, int count, IntFunction<Login> login) {
		return connectEach(count, (i) -> {
			Login who = login.apply(i);
			return connect(client(broker, who), who, true);
		});
	}

	/** Connects the same clients again (they must be disconnected), as {@link #connectAll} does; null stays null. */
	static List<Mqtt5AsyncClient> reconnectAll(List<Mqtt5AsyncClient> clients, IntFunction<Login> login) {
		return connectEach(clients.size(), (i) -> (clients.get(i) == null) ? CompletableFuture.completedFuture(null)
				: connect(clients.get(i), login.apply(i), true));
	}

	private static List<Mqtt5AsyncClient> connectEach(int count,
			IntFunction<CompletableFuture<Mqtt5AsyncClient>> connecting) {
		Semaphore slots = new Semaphore(CONNECTING_AT_ONCE);
		List<CompletableFuture<Mqtt5AsyncClient>> pending = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			slots.acquireUninterruptibly();
			pending.add(connecting.apply(i).orTimeout(60, TimeUnit.SECONDS)
				.exceptionally((failure) -> null).whenComplete((client, failure) -> slots.release()));
		}
		return pending.stream().map(CompletableFuture::join).toList();
	}

	static void disconnectAll(List<Mqtt5AsyncClient> clients) {
		clients.stream().filter((c) -> c != null && c.getState().isConnected())
			.map((c) -> c.disconnect().exceptionally((failure) -> null)).toList()
			.forEach(CompletableFuture::join);
	}

	static long connected(List<Mqtt5AsyncClient> clients) {
		return clients.stream().filter((c) -> c != null && c.getState().isConnected()).count();
	}

}
