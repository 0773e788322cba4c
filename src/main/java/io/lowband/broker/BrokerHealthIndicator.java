package io.lowband.broker;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP while the broker accepts MQTT connections on both listeners. */
class BrokerHealthIndicator implements HealthIndicator {

	private final MqttBroker broker;

	BrokerHealthIndicator(MqttBroker broker) {
		this.broker = broker;
	}

	@Override
	public Health health() {
		if (!broker.isListening()) {
			return Health.down().withDetail("reason", "the MQTT broker is not listening").build();
		}
		Health.Builder up = Health.up().withDetail("tcpPort", broker.tcpPort())
			.withDetail("websocketPort", broker.websocketPort());
		return (broker.tlsPort() > 0) ? up.withDetail("tlsPort", broker.tlsPort()).build() : up.build();
	}

}
