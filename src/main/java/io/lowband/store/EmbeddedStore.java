package io.lowband.store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.MVStoreException;
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
		Thread thread = new Thread(task, "embedded-store-housekeeping");
		thread.setDaemon(true);
		return thread;
	});

	private final InetSocketAddress address;

	private final Path file;

	private final CommitMark mark;

	private final DurableH2Backend backend;

	private EmbeddedStore(MongoServer server, DurableH2Backend backend, Path file, CommitMark mark) {
		this.server = server;
		this.backend = backend;
		this.address = server.getLocalAddress();
		this.file = file;
		this.mark = mark;
		this.housekeeping.scheduleWithFixedDelay(this::keepHouse, DurableH2Backend.COMPACTION_INTERVAL_MILLIS,
				DurableH2Backend.COMPACTION_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
	}

	/**
	 * Opens the file, or refuses with {@link StoreFileUnreadable} when it is damaged, cut short or empty: starting
	 * empty, or with what an older copy held, would lose acknowledged messages without a word.
	 */
	static EmbeddedStore start(Path dir) {
		Path file = dir.resolve(FILE_NAME);
		CommitMark mark = new CommitMark(file);
		DurableH2Backend backend = open(file);
		try {
			requireWhole(file, backend, mark);
		}
		catch (RuntimeException ex) {
			backend.getMvStore().closeImmediately();
			throw ex;
		}
		MongoServer server = new MongoServer(backend);
		server.bind("127.0.0.1", 0);
		return new EmbeddedStore(server, backend, file, mark);
	}

	private static DurableH2Backend open(Path file) {
		if (Files.isRegularFile(file) && size(file) == 0) {
			// H2 would take an empty file for a new store. Lowband never leaves one: it is what remains of one.
			throw new StoreFileUnreadable(file, "it is empty", null);
		}
		try {
			return BsonH2Backend.open(file);
		}
		catch (MVStoreException | IllegalStateException ex) {
			throw new StoreFileUnreadable(file, ex.getMessage(), ex);
		}
	}

	private static void requireWhole(Path file, DurableH2Backend backend, CommitMark mark) {
		OptionalLong marked;
		try {
			marked = mark.read();
		}
		catch (IllegalStateException ex) {
			throw new StoreFileUnreadable(file, ex.getMessage(), ex);
		}
		long found = backend.getMvStore().getCurrentVersion();
		if (marked.isPresent() && found < marked.getAsLong()) {
			throw new StoreFileUnreadable(file, "it ends at version " + found + " but version "
					+ marked.getAsLong() + " was written to it before: it was cut short or replaced by an older copy",
					null);
		}
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new StoreFileUnreadable(file, ex.toString(), ex);
		}
	}

	String connectionString(String database) {
		return "mongodb://" + address.getHostString() + ":" + address.getPort() + "/" + database;
	}

	Path file() {
		return file;
	}

	private void keepHouse() {
		try {
			mark.write(backend.durableVersion());
			backend.compactSome();
		}
		catch (IOException | RuntimeException ex) {
			log.warn("Embedded store housekeeping failed, will retry: {}", ex.toString());
		}
	}

	@Override
	public void close() {
		housekeeping.shutdownNow();
		// Closing the backend commits and closes the H2 file, so a clean stop loses nothing.
		server.shutdown();
		try {
			mark.write(backend.durableVersion());
		}
		catch (IOException ex) {
			log.warn("Could not mark the store's last version in {}: {}", file, ex.toString());
		}
		log.info("Embedded store closed ({})", file);
	}

}
