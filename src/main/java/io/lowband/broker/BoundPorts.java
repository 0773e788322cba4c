package io.lowband.broker;

import io.moquette.broker.Server;

/**
 * The ports Moquette really bound, which differ from the settings when those are 0.
 *
 * @param websocket the WebSocket listener's, plain or, with TLS on, secure; -1 when it is off
 * @param tls MQTT over TLS, or -1 when TLS is off
 */
record BoundPorts(int tcp, int websocket, int tls) {

	static final int OFF = -1;

	static BoundPorts of(Server server, BrokerSettings settings) {
		int websocket = !settings.websocketListener() ? OFF
				: settings.tls() ? MoquetteInternals.secureWebsocketPort(server) : MoquetteInternals.websocketPort(server);
		int tls = settings.tls() ? MoquetteInternals.tlsPort(server) : OFF;
		return new BoundPorts(MoquetteInternals.tcpPort(server), websocket, tls);
	}

}
