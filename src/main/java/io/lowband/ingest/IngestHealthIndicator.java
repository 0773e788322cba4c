package io.lowband.ingest;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** UP while the writers take sends; with the number of sends waiting for them. */
@Component("ingest")
class IngestHealthIndicator implements HealthIndicator {

	private final SendPartitions partitions;

	IngestHealthIndicator(SendPartitions partitions) {
		this.partitions = partitions;
	}

	@Override
	public Health health() {
		Health.Builder health = partitions.isRunning() ? Health.up() : Health.down();
		return health.withDetail("waiting", partitions.waiting()).build();
	}

}
