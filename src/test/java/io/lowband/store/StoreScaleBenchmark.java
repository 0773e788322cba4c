package io.lowband.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded store at scale: 1,000,000 chat messages in 1,000 rooms, shaped and indexed as Lowband stores them
 * (StoredMessage with its {@code _class}, ChatIndexes), written in durable batches of 500. It prints the write
 * rate, then the time of the two reads every room open and every sync makes (a room's last seq; a page of 50 by
 * key, as History reads it) before and right after a restart, and the file's size per message while it is written
 * (with the app's housekeeping running) and after a clean close. It asserts only that the reads are right.
 * The build does not run it; run it with {@code ./mvnw -B -ntp test -Dtest=StoreScaleBenchmark} (about 2 minutes).
 */
class StoreScaleBenchmark {

	static {
		H2AssertionsOff.apply();
	}

	private static final int MESSAGES = Integer.getInteger("messages", 1_000_000);

	private static final int ROOMS = 1_000;

	private static final int BATCH = 500;

	private static final int SAMPLES = 300;

	/** Bodies are drawn from these words: text compresses, but not as well as one repeated letter would. */
	private static final String[] WORDS = ("the of and to in is you that it he was for on are as with his they at be "
			+ "this have from or one had by word but not what all were we when your can said there use an each which "
			+ "she do how their if will up other about out many then them these so some her would make like him into "
			+ "time has look two more write go see number no way could people my than first water been call who oil "
			+ "its now find long down day did get come made may part meeting tomorrow lunch train late sorry thanks "
			+ "photo ok great where home soon love call back tonight weekend coffee").split(" ");

	@TempDir
	Path dir;

	private final List<String> rooms = new ArrayList<>();

	private int offset;

	@Test
	void printsWriteRateReadTimesAndFileSizeAtAMillionMessages() {
		for (int i = 0; i < ROOMS; i++) {
			rooms.add(new org.bson.types.ObjectId().toHexString());
		}
		Path file = dir.resolve(EmbeddedStore.FILE_NAME);
		List<String> lines = new ArrayList<>();
		withStore(file, (backend, messages) -> {
			createIndexes(messages);
			// The app's housekeeping, as EmbeddedStore schedules it, runs while the messages are written.
			ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor();
			AtomicLong largest = new AtomicLong();
			housekeeping.scheduleWithFixedDelay(() -> {
				backend.compactSome();
				largest.accumulateAndGet(size(file), Math::max);
			}, DurableH2Backend.COMPACTION_INTERVAL_MILLIS, DurableH2Backend.COMPACTION_INTERVAL_MILLIS,
					TimeUnit.MILLISECONDS);
			long started = System.nanoTime();
			for (int first = 0; first < MESSAGES; first += BATCH) {
				messages.insertMany(batch(first));
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			housekeeping.shutdownNow();
			lines.add(String.format("wrote %,d messages in %.1f s: %,.0f docs/s (durable insertMany of %d)",
					MESSAGES, seconds, MESSAGES / seconds, BATCH));
			lines.add(String.format("file while writing, with the app's compaction: at most %,d bytes per message,"
					+ " %,d at the end", Math.max(largest.get(), size(file)) / MESSAGES, size(file) / MESSAGES));
			reads(messages); // the JIT's turn: compiled code from here on
			lines.add("warm    " + reads(messages));
			return null;
		});
		lines.add(String.format("after a clean close: %,d bytes per message", size(file) / MESSAGES));
		withStore(file, (backend, messages) -> {
			lines.add("restart " + reads(messages));
			// What the live data takes: the file once its chunks are moved together (writes wait meanwhile).
			backend.getMvStore().compactFile(300_000);
			lines.add(String.format("after MVStore.compactFile: %,d bytes per message", size(file) / MESSAGES));
			return null;
		});
		System.out.println(H2AssertionsOff.describe());
		lines.forEach(System.out::println);
	}

	/**
	 * The time of each read: the first one after opening the store on its own, then percentiles over rooms the
	 * samples visit once each (their pages are mostly not in H2's cache).
	 */
	private String reads(MongoCollection<Document> messages) {
		double[] lastSeq = new double[SAMPLES];
		double[] page = new double[SAMPLES];
		long perRoom = MESSAGES / ROOMS;
		for (int i = 0; i < SAMPLES; i++) {
			String room = rooms.get((i * 337 + offset) % ROOMS);
			long started = System.nanoTime();
			Document last = messages.find(eq("room", room)).sort(Sorts.descending("seq")).limit(1).first();
			lastSeq[i] = (System.nanoTime() - started) / 1e6;
			assertThat(last.getLong("seq")).isEqualTo(perRoom);
			long from = 1 + (i * 7919L) % (perRoom - 50);
			List<String> keys = new ArrayList<>();
			for (long seq = from; seq < from + 50; seq++) {
				keys.add(room + ":" + seq);
			}
			started = System.nanoTime();
			List<Document> found = messages.find(in("_id", keys)).into(new ArrayList<>());
			page[i] = (System.nanoTime() - started) / 1e6;
			assertThat(found).hasSize(50);
		}
		offset += SAMPLES; // the next reads visit other rooms
		return "last seq " + spread(lastSeq) + "; page of 50 " + spread(page);
	}

	private static String spread(double[] millis) {
		double first = millis[0];
		Arrays.sort(millis);
		return String.format("ms: first %.2f, p50 %.2f, p99 %.2f, max %.2f", first, millis[millis.length / 2],
				millis[(int) (millis.length * 0.99)], millis[millis.length - 1]);
	}

	/** Consecutive messages go to different rooms, as a partition's batch mixes them. */
	private List<Document> batch(int first) {
		List<Document> batch = new ArrayList<>(BATCH);
		for (int n = first; n < first + BATCH; n++) {
			String room = rooms.get(n % ROOMS);
			long seq = n / ROOMS + 1;
			batch.add(new Document("_id", room + ":" + seq).append("room", room)
				.append("seq", seq)
				.append("clientId", UUID.randomUUID().toString())
				.append("from", "user-" + (n % 10_000))
				.append("body", body(n))
				.append("ts", new Date())
				.append("_class", "io.lowband.chat.StoredMessage"));
		}
		return batch;
	}

	/** 100 bytes of words, different for each message. */
	private static String body(long n) {
		java.util.SplittableRandom random = new java.util.SplittableRandom(n);
		StringBuilder body = new StringBuilder(110);
		while (body.length() < 100) {
			body.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
		}
		return body.substring(0, 100);
	}

	/** As ChatIndexes creates them. */
	private static void createIndexes(MongoCollection<Document> messages) {
		messages.createIndex(Indexes.ascending("room", "from", "clientId"),
				new IndexOptions().unique(true).name("one_copy_per_client_id"));
		messages.createIndex(Indexes.compoundIndex(Indexes.ascending("room"), Indexes.descending("seq")),
				new IndexOptions().name("room_seq"));
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static <T> T withStore(Path file,
			BiFunction<BsonH2Backend, MongoCollection<Document>, T> work) {
		BsonH2Backend backend = BsonH2Backend.open(file);
		MongoServer server = new MongoServer(backend);
		try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
			return work.apply(backend, client.getDatabase("lowband").getCollection("messages"));
		}
		finally {
			server.shutdown();
		}
	}

}
