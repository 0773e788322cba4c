package io.lowband.broker;

import io.moquette.broker.Server;

/**
 * The ports Moquette really bound, which differ from the settings when those are 0.
 *
 * @param websocket the WebSocket listener's, plain or, with TLS on, secure
 * @param tls MQTT over TLS, or -1 when TLS is off
 */
record BoundPorts(int tcp, int websocket, int tls) {

	static final int OFF = -1;

	static BoundPorts of(Server server, boolean tls) {
		if (tls) {
			return new BoundPorts(MoquetteInternals.tcpPort(server), MoquetteInternals.secureWebsocketPort(server),
					MoquetteInternals.tlsPort(server));
		}
		return new BoundPorts(MoquetteInternals.tcpPort(server), MoquetteInternals.websocketPort(server), OFF);
	}

}
