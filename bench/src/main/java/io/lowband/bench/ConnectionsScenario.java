package io.lowband.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

/**
 * Scenario 1: N clients over TCP and M over WebSocket connect and stay connected; how fast they connect (after a
 * warm-up of N / 10 others), and what each costs the server in heap (Lowband, after a full GC) and resident memory
 * (both).
 */
final class ConnectionsScenario {

	static final String NAME = "1. Connections";

	private ConnectionsScenario() {
	}

	/** Runs the scenario and answers the TCP clients, still connected, for the next scenario. */
	static List<Mqtt5AsyncClient> run(Results results, Options options, Broker broker, LowbandServer lowband,
			IntFunction<Mqtt.Login> login) {
		System.out.printf("%s: %s, %d TCP + %d WebSocket%n", NAME, broker.name(), options.connections(),
				options.websocketConnections());
		warmUp(results, options, broker, login);
		long heapBefore = (lowband == null) ? -1 : lowband.heapUsedAfterGc();
		ProcessStats.Sample before = broker.sample();
		long start = System.nanoTime();
		List<Mqtt5AsyncClient> clients = Mqtt.connectAll(broker, options.connections(), login);
		double seconds = (System.nanoTime() - start) / 1e9;
		ProcessStats.Sample connected = broker.sample();
		Sleep.millis(options.smoke() ? 500 : 5_000);
		long heapAfter = (lowband == null) ? -1 : lowband.heapUsedAfterGc();
		ProcessStats.Sample settled = broker.sample();
		long held = Mqtt.connected(clients);

		Map<String, Object> tcp = held(results, broker, "TCP", options.connections(), held, seconds);
		tcp.put("CPU % while connecting", Math.round(connected.cpuPercentSince(before)));
		tcp.put("RSS MiB", Latency.round(settled.rssMiB()));
		tcp.put("RSS KB/conn", perConnection(settled.rssBytes() - before.rssBytes(), held));
		tcp.put("heap KB/conn", (lowband == null) ? "n/a" : perConnection(heapAfter - heapBefore, held));
		results.add(NAME, "TCP", broker.name(), tcp);
		clients = reconnect(results, options, broker, clients, login);

		webSocket(results, options, broker, login, "-ws", "WebSocket (besides TCP)");
		if (lowband != null) {
			// The same through the HTTP port, where each WebSocket is joined to a connection to the TCP listener.
			Broker onHttpPort = new Broker(broker.name(), broker.host(), broker.mqttPort(), lowband.httpPort(),
					broker.websocketPath(), broker.pid());
			webSocket(results, options, onHttpPort, login, "-http", "WebSocket on the HTTP port (besides TCP)");
		}
		return clients;
	}

	/**
	 * A tenth of the clients connect under client ids of their own and leave before the measured connects: a server
	 * that just started runs its connect path interpreted at first, and a server in service has long compiled it.
	 * The warm-up's own rate is reported too (the fresh server's).
	 */
	private static void warmUp(Results results, Options options, Broker broker, IntFunction<Mqtt.Login> login) {
		int count = options.connections() / 10;
		IntFunction<Mqtt.Login> warmUp = (i) -> {
			Mqtt.Login real = login.apply(i);
			return new Mqtt.Login(real.clientId() + "-warm-up", real.username(), real.password(), false,
					real.sessionExpirySeconds());
		};
		long start = System.nanoTime();
		List<Mqtt5AsyncClient> clients = Mqtt.connectAll(broker, count, warmUp);
		double seconds = (System.nanoTime() - start) / 1e9;
		results.add(NAME, "TCP warm-up (a fresh server, other client ids)", broker.name(),
				held(results, broker, "warm-up", count, Mqtt.connected(clients), seconds));
		Mqtt.disconnectAll(clients);
		Sleep.millis(options.smoke() ? 500 : 2_000);
	}

	private static void webSocket(Results results, Options options, Broker broker, IntFunction<Mqtt.Login> login,
			String idSuffix, String label) {
		IntFunction<Mqtt.Login> overWebSocket = (i) -> {
			Mqtt.Login tcpLogin = login.apply(i);
			return new Mqtt.Login(tcpLogin.clientId() + idSuffix, tcpLogin.username(), tcpLogin.password(), true, 0);
		};
		long start = System.nanoTime();
		List<Mqtt5AsyncClient> websockets = Mqtt.connectAll(broker, options.websocketConnections(), overWebSocket);
		double seconds = (System.nanoTime() - start) / 1e9;
		Map<String, Object> ws = held(results, broker, label, options.websocketConnections(),
				Mqtt.connected(websockets), seconds);
		ws.put("RSS MiB", Latency.round(broker.sample().rssMiB()));
		results.add(NAME, label, broker.name(), ws);
		Mqtt.disconnectAll(websockets);
	}

	/**
	 * All TCP clients leave and come back at once, as after a network outage: reconnects of known users, by a
	 * server that has run its connect path 10,000 times (a JVM's compiler has caught up; the first wave measures
	 * it catching up as well).
	 */
	private static List<Mqtt5AsyncClient> reconnect(Results results, Options options, Broker broker,
			List<Mqtt5AsyncClient> clients, IntFunction<Mqtt.Login> login) {
		Mqtt.disconnectAll(clients);
		Sleep.millis(options.smoke() ? 500 : 2_000);
		ProcessStats.Sample before = broker.sample();
		long start = System.nanoTime();
		List<Mqtt5AsyncClient> again = Mqtt.reconnectAll(clients, login);
		double seconds = (System.nanoTime() - start) / 1e9;
		Map<String, Object> figures = held(results, broker, "TCP reconnected", options.connections(),
				Mqtt.connected(again), seconds);
		figures.put("CPU % while connecting", Math.round(broker.sample().cpuPercentSince(before)));
		results.add(NAME, "TCP, all reconnect", broker.name(), figures);
		return again;
	}

	/** The figures both transports share; fewer held than asked for is a failure, whatever the target. */
	private static Map<String, Object> held(Results results, Broker broker, String transport, int clients, long held,
			double seconds) {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("clients", clients);
		figures.put("held", held);
		figures.put("connect s", Latency.round(seconds));
		figures.put("connects/s", Math.round(held / seconds));
		if (held < clients) {
			results.fail(broker.name() + " held " + held + " of " + clients + " " + transport + " connections");
		}
		return figures;
	}

	private static Object perConnection(long bytes, long connections) {
		return (bytes < 0 || connections == 0) ? "n/a" : Latency.round(bytes / 1024.0 / connections);
	}

}
