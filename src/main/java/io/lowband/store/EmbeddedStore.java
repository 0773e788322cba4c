package io.lowband.store;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.MongoServer;
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

	private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "embedded-store-compaction");
		thread.setDaemon(true);
		return thread;
	});

	private final InetSocketAddress address;

	private final Path file;

	private EmbeddedStore(MongoServer server, DurableH2Backend backend, InetSocketAddress address, Path file) {
		this.server = server;
		this.housekeeping.scheduleWithFixedDelay(() -> compact(backend), 10, 10, TimeUnit.SECONDS);
		this.address = address;
		this.file = file;
	}

	static EmbeddedStore start(Path dir) {
		Path file = dir.resolve(FILE_NAME);
		DurableH2Backend backend = BsonH2Backend.open(file);
		MongoServer server = new MongoServer(backend);
		server.bind("127.0.0.1", 0);
		return new EmbeddedStore(server, backend, server.getLocalAddress(), file);
	}

	String connectionString(String database) {
		return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
	}

	Path file() {
		return file;
	}

	private static void compact(DurableH2Backend backend) {
		try {
			backend.compactSome();
		}
		catch (RuntimeException ex) {
			log.warn("Embedded store compaction failed, will retry: {}", ex.toString());
		}
	}

	@Override
	public void close() {
		housekeeping.shutdownNow();
		// Closing the backend commits and closes the H2 file, so a clean stop loses nothing.
		server.shutdown();
		log.info("Embedded store closed ({})", file);
	}

}
