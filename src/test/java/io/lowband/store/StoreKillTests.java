package io.lowband.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} in the middle of batches: a forked process with four writers inserting batches of 100 is killed
 * three times while it writes. Each time the store must open again (the commit mark never names a version a kill
 * takes back), hold every batch it acknowledged, and hold each writer's documents as an unbroken run from its
 * first, each one whole: a batch the kill cut short may be there in part, never with a gap before it.
 */
class StoreKillTests {

	private static final int WRITERS = 4;

	private static final int KILLS = 3;

	@TempDir
	Path dir;

	@Test
	void everyAcknowledgedBatchSurvivesKillsMidBatch() throws Exception {
		for (int kill = 0; kill < KILLS; kill++) {
			int firstWriter = kill * WRITERS;
			Map<Integer, Integer> acked = runAndKill(firstWriter, 20 + kill * 15);
			assertThat(acked).hasSize(WRITERS);

			EmbeddedStore store = EmbeddedStore.start(dir);
			try (MongoClient client = MongoClients.create(store.connectionString("lowband"))) {
				var documents = client.getDatabase("lowband").getCollection("documents");
				for (int writer = firstWriter; writer < firstWriter + WRITERS; writer++) {
					List<Document> stored = documents.find(eq("writer", writer))
						.sort(Sorts.ascending("n"))
						.into(new ArrayList<>());
					int mustHave = (acked.get(writer) + 1) * StoreWriterProcess.BATCH;
					assertThat(stored).as("writer %d acknowledged %d documents", writer, mustHave)
						.hasSizeGreaterThanOrEqualTo(mustHave);
					for (int n = 0; n < stored.size(); n++) {
						assertThat(stored.get(n)).isEqualTo(StoreWriterProcess.document(writer, n));
					}
				}
			}
			finally {
				store.close();
			}
		}
	}

	/** Starts the writers, waits for this many acknowledged batches, kills the process; the last batch per writer. */
	private Map<Integer, Integer> runAndKill(int firstWriter, int batches) throws Exception {
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), StoreWriterProcess.class.getName(), dir.toString(),
				String.valueOf(firstWriter), String.valueOf(WRITERS))
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		Map<Integer, Integer> acked = new HashMap<>();
		int seen = 0;
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				if (line.startsWith("acked ")) {
					String[] parts = line.split(" ");
					acked.merge(Integer.valueOf(parts[1]), Integer.valueOf(parts[2]), Math::max);
					if (++seen == batches) {
						process.destroyForcibly(); // SIGKILL: no shutdown hook, no close
						break;
					}
				}
			}
			// Acknowledgements already in the pipe count too: the store made them durable before replying.
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				if (line.startsWith("acked ")) {
					String[] parts = line.split(" ");
					acked.merge(Integer.valueOf(parts[1]), Integer.valueOf(parts[2]), Math::max);
				}
			}
		}
		catch (IOException ex) {
			// The pipe closed with the process: what was read is what is checked.
		}
		process.waitFor();
		assertThat(seen).as("batches acknowledged before the kill").isEqualTo(batches);
		return acked;
	}

}
