package io.lowband.broker;

/** The MQTT versions Lowband's clients speak. */
enum Protocol {

	MQTT_3_1_1(4), MQTT_5(5);

	private final int level;

	Protocol(int level) {
		this.level = level;
	}

	/** The protocol level byte of a CONNECT packet. */
	int level() {
		return level;
	}

	TestClient client(String clientId, Transport transport, int port, Will will, BrokerEvents events) {
		return (this == MQTT_5) ? new Mqtt5TestClient(clientId, transport, port, will, events)
				: new Mqtt3TestClient(clientId, transport, port, will, events);
	}

}
