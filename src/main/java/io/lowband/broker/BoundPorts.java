package io.lowband.broker;

import io.moquette.broker.Server;

/** The ports Moquette really bound, which differ from the settings when those are 0. */
record BoundPorts(int tcp, int websocket) {

	static BoundPorts of(Server server) {
		return new BoundPorts(MoquetteInternals.tcpPort(server), MoquetteInternals.websocketPort(server));
	}

}
