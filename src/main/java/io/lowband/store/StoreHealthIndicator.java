package io.lowband.store;

import com.mongodb.client.MongoClient;
import org.bson.Document;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP when the store answers a {@code ping}. Boot's own MongoDB check sends {@code hello}, which the embedded
 * store does not know, so it is switched off and this one works on both stores.
 */
class StoreHealthIndicator implements HealthIndicator {

	private final MongoClient client;

	private final StoreConnection connection;

	StoreHealthIndicator(MongoClient client, StoreConnection connection) {
		this.client = client;
		this.connection = connection;
	}

	@Override
	public Health health() {
		client.getDatabase(connection.database()).runCommand(new Document("ping", 1));
		return Health.up()
			.withDetail("kind", connection.isEmbedded() ? "embedded" : "mongodb")
			.withDetail("at", connection.describe())
			.build();
	}

}
