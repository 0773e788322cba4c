package io.lowband.broker;

import io.lowband.testing.RunningApp;

/** The two ways a client reaches the broker. */
enum Transport {

	TCP, WEBSOCKET;

	int port(RunningApp app) {
		return (this == TCP) ? app.mqttPort() : app.websocketPort();
	}

}
