package io.lowband.bench;

/**
 * An MQTT broker under test, started by the tool or already running elsewhere.
 *
 * @param name how the results name it ("Lowband", "Mosquitto")
 * @param host where it listens
 * @param mqttPort MQTT over TCP
 * @param websocketPort MQTT over WebSocket, or -1
 * @param websocketPath the WebSocket path, without the leading slash
 * @param pid the server process, or -1 when it runs elsewhere (no CPU or memory figures then)
 */
record Broker(String name, String host, int mqttPort, int websocketPort, String websocketPath, long pid) {

	static Broker external(String name, String hostAndPort) {
		int colon = hostAndPort.lastIndexOf(':');
		return new Broker(name, hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)),
				-1, "mqtt", -1);
	}

	ProcessStats.Sample sample() {
		return ProcessStats.sample(pid);
	}

}
