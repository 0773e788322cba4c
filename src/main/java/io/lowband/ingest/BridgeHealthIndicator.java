package io.lowband.ingest;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while the bridge is connected to the broker. Without it no send is stored, so the app is not healthy, and an
 * orchestrator that restarts unhealthy instances brings the bridge back even when its MQTT client cannot.
 */
class BridgeHealthIndicator implements HealthIndicator {

	private final BridgeClientManager client;

	BridgeHealthIndicator(BridgeClientManager client) {
		this.client = client;
	}

	@Override
	public Health health() {
		Health.Builder health = client.isConnected() ? Health.up() : Health.down();
		return health.withDetail("broker", client.getUrl()).withDetail("clientId", client.getClientId()).build();
	}

}
