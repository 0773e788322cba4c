package io.lowband.broker;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import io.moquette.broker.Server;

/**
 * The ports Moquette really bound, which differ from the settings when those are 0.
 *
 * @param websocket the WebSocket listener's, plain or, with TLS on, secure; -1 when it is off
 * @param tls MQTT over TLS, or -1 when TLS is off
 * @param tcpAddress where Lowband itself reaches the TCP listener: its address, or loopback when it listens on all
 */
record BoundPorts(int tcp, int websocket, int tls, InetSocketAddress tcpAddress) {

	static final int OFF = -1;

	static BoundPorts of(Server server, BrokerSettings settings) {
		int websocket = !settings.websocketListener() ? OFF
				: settings.tls() ? MoquetteInternals.secureWebsocketPort(server) : MoquetteInternals.websocketPort(server);
		int tls = settings.tls() ? MoquetteInternals.tlsPort(server) : OFF;
		int tcp = MoquetteInternals.tcpPort(server);
		InetSocketAddress bound = new InetSocketAddress(settings.host(), tcp);
		InetSocketAddress reach = bound.getAddress().isAnyLocalAddress()
				? new InetSocketAddress(InetAddress.getLoopbackAddress(), tcp) : bound;
		return new BoundPorts(tcp, websocket, tls, reach);
	}

	/** The listeners for the start-up log, such as {@code 0.0.0.0:1883 (TCP), 0.0.0.0:8083/mqtt (WebSocket)}. */
	String describe(String host, String websocketPath) {
		String at = host + ":";
		StringBuilder listeners = new StringBuilder(at + tcp + " (TCP)");
		if (tls != OFF) {
			listeners.append(", ").append(at).append(tls).append(" (TLS)");
		}
		if (websocket != OFF) {
			// With TLS on, the WebSocket listener speaks only TLS (BrokerSettings.sslBundle).
			listeners.append(", ").append(at).append(websocket).append(websocketPath)
				.append((tls != OFF) ? " (WebSocket over TLS)" : " (WebSocket)");
		}
		return listeners.toString();
	}

}
