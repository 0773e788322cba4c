package io.lowband.store;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.sun.management.OperatingSystemMXBean;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints durable write rates of the embedded store through the MongoDB driver, the Java serialization backend
 * (DurableH2Backend as it was) and the BSON one side by side, each run on a fresh file: {@code insertMany} of 100
 * chat messages with the unique index on (room, from, clientId), and single inserts from one and from four
 * clients. Besides documents per second it prints the process's CPU time and the file's growth per document,
 * which vary less than the rate when other work shares the machine. It asserts only that every insert was stored.
 * The build does not run it; run it with {@code ./mvnw -B -ntp test -Dtest=StoreBenchmark}.
 */
class StoreBenchmark {

	static {
		H2AssertionsOff.apply();
	}

	private static final int ROUNDS = 3;

	private static final long SECONDS = 5;

	private static final String BODY = "x".repeat(100);

	@TempDir
	Path dir;

	private final AtomicLong seq = new AtomicLong();

	@Test
	void printsDurableInsertRatesOfBothFormats() throws Exception {
		List<String> lines = new ArrayList<>();
		for (int round = 1; round <= ROUNDS; round++) {
			for (Format format : Format.values()) {
				lines.add(String.format("round %d  %-18s  insertMany(100) %s  insert, 1 client %s"
						+ "  insert, 4 clients %s", round, format.label, run(format, 100, 1), run(format, 1, 1),
						run(format, 1, 4)));
			}
		}
		System.out.println("docs/s (CPU µs/doc, file bytes/doc); " + H2AssertionsOff.describe());
		lines.forEach(System.out::println);
	}

	/** Inserts for {@link #SECONDS} s after one second of warm-up, each client on its own thread. */
	private String run(Format format, int batch, int clients) throws Exception {
		Path file = Files.createTempFile(dir, format.name(), ".mv.db");
		Files.delete(file);
		MongoServer server = new MongoServer(format.backend.apply(file));
		ExecutorService threads = Executors.newFixedThreadPool(clients);
		try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
			MongoCollection<Document> messages = client.getDatabase("lowband").getCollection("messages");
			messages.createIndex(Indexes.ascending("room", "from", "clientId"), new IndexOptions().unique(true));
			long first = seq.get();
			long warmUpEnds = System.nanoTime() + 1_000_000_000L;
			long ends = warmUpEnds + SECONDS * 1_000_000_000L;
			List<Future<Long>> counted = new ArrayList<>();
			for (int i = 0; i < clients; i++) {
				counted.add(threads.submit(() -> insertUntil(messages, batch, warmUpEnds, ends)));
			}
			while (System.nanoTime() < warmUpEnds) {
				Thread.sleep(10);
			}
			long cpuBefore = processCpuNanos();
			long measured = 0;
			for (Future<Long> count : counted) {
				measured += count.get();
			}
			long cpu = processCpuNanos() - cpuBefore;
			long inserted = seq.get() - first;
			assertThat(messages.countDocuments()).isEqualTo(inserted);
			return String.format("%,7.0f (%,5.0f, %,6d)", measured / (double) SECONDS, cpu / 1000.0 / measured,
					Files.size(file) / inserted);
		}
		finally {
			threads.shutdown();
			server.shutdown();
		}
	}

	private long insertUntil(MongoCollection<Document> messages, int batch, long warmUpEnds, long ends) {
		long measured = 0;
		while (System.nanoTime() < ends) {
			boolean counts = System.nanoTime() >= warmUpEnds;
			List<Document> documents = new ArrayList<>(batch);
			for (int i = 0; i < batch; i++) {
				documents.add(message());
			}
			if (batch == 1) {
				messages.insertOne(documents.get(0));
			}
			else {
				messages.insertMany(documents);
			}
			measured += counts ? batch : 0;
		}
		return measured;
	}

	/** Shaped like StoredMessage: keyed room:seq, 1,000 rooms, a 100-byte body. */
	private Document message() {
		long n = seq.incrementAndGet();
		String room = "room-" + (n % 1000);
		return new Document("_id", room + ":" + n).append("room", room)
			.append("seq", n)
			.append("clientId", "c-" + Long.toHexString(n * 0x9E3779B97F4A7C15L))
			.append("from", "user-" + (n % 10_000))
			.append("body", BODY)
			.append("ts", new Date());
	}

	private static long processCpuNanos() {
		return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	private enum Format {

		JAVA_SERIALIZATION("java serialization",
				(file) -> new DurableH2Backend(
						new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open())),
		BSON("bson", BsonH2Backend::open);

		private final String label;

		private final Function<Path, DurableH2Backend> backend;

		Format(String label, Function<Path, DurableH2Backend> backend) {
			this.label = label;
			this.backend = backend;
		}

	}

}
