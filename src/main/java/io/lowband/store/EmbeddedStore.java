package io.lowband.store;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB-compatible server inside the JVM (mongo-java-server on an H2 file), listening on loopback only. It is
 * what makes {@code ./mvnw spring-boot:run} work with nothing else installed.
 */
class EmbeddedStore implements AutoCloseable {

	static final String FILE_NAME = "lowband.mv.db";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedStore.class);

	private final MongoServer server;

	private final InetSocketAddress address;

	private final Path file;

	private EmbeddedStore(MongoServer server, InetSocketAddress address, Path file) {
		this.server = server;
		this.address = address;
		this.file = file;
	}

	static EmbeddedStore start(Path dir) {
		Path file = dir.resolve(FILE_NAME);
		MVStore store = new MVStore.Builder().fileName(file.toString()).open();
		MongoServer server = new MongoServer(new DurableH2Backend(store));
		server.bind("127.0.0.1", 0);
		return new EmbeddedStore(server, server.getLocalAddress(), file);
	}

	String connectionString(String database) {
		return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
	}

	Path file() {
		return file;
	}

	@Override
	public void close() {
		// Closing the backend commits and closes the H2 file, so a clean stop loses nothing.
		server.shutdown();
		log.info("Embedded store closed ({})", file);
	}

}
