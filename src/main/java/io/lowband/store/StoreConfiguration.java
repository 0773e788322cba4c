package io.lowband.store;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import io.lowband.LowbandSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Chooses the store: a real MongoDB when a URI is configured, otherwise the embedded one. Spring Boot 4 reads
 * only {@code spring.mongodb.uri}; the older {@code spring.data.mongodb.uri} and the {@code MONGODB_URI}
 * variable are honoured here too because operators reach for them first.
 */
@Configuration(proxyBeanMethods = false)
class StoreConfiguration {

	static final String DEFAULT_DATABASE = "lowband";

	private static final String[] URI_SETTINGS = { "spring.mongodb.uri", "spring.data.mongodb.uri", "MONGODB_URI" };

	private static final Logger log = LoggerFactory.getLogger(StoreConfiguration.class);

	@Bean
	StoreConnection storeConnection(Environment environment, LowbandSettings settings) {
		for (String name : URI_SETTINGS) {
			String uri = environment.getProperty(name);
			if (uri != null && !uri.isBlank()) {
				StoreConnection external = StoreConnection.external(new ConnectionString(uri), DEFAULT_DATABASE);
				log.info("Store: MongoDB at {} (from {})", external.describe(), name);
				return external;
			}
		}
		StoreConnection embedded = StoreConnection.embedded(EmbeddedStore.start(settings.dataDirFor("store")),
				DEFAULT_DATABASE);
		log.info("Store: embedded mongo-java-server at {} (no MongoDB URI configured)", embedded.describe());
		return embedded;
	}

	@Bean
	MongoConnectionDetails mongoConnectionDetails(StoreConnection connection) {
		return connection::connectionString;
	}

	@Bean("store")
	StoreHealthIndicator storeHealthIndicator(MongoClient client, StoreConnection connection) {
		return new StoreHealthIndicator(client, connection);
	}

}
