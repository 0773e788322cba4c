package io.lowband.store;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A damaged store file stops the start with a sentence naming the file, and is left as it was; H2 alone would open
 * a file cut short at an older version, or an empty one as a new store, without a word.
 */
class StoreFileDamageTests {

	private static final int MESSAGES = 2_000;

	@TempDir
	Path dir;

	@Test
	void aWholeStoreOpensWithEverything() {
		write();
		assertThat(count()).isEqualTo(MESSAGES);
		assertThat(count()).isEqualTo(MESSAGES);
	}

	@Test
	void aFileCutShortIsRefused() throws Exception {
		write();
		long size = Files.size(file());
		cut(size / 2);

		assertRefused("cut short");
		cut(size - 100);
		assertRefused("cut short");
	}

	@Test
	void aDamagedHeaderIsRefused() throws Exception {
		write();
		try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
			raf.write(new byte[8192]); // both copies of the header
		}

		assertRefused("header");
	}

	@Test
	void anEmptyFileIsRefusedNotTakenForANewStore() throws Exception {
		write();
		cut(0);

		assertRefused("it is empty");
	}

	@Test
	void theFailureReadsAsOneSentenceAndAFix() {
		StoreFileUnreadable failure = new StoreFileUnreadable(file(), "it is empty", null);

		FailureAnalysis analysis = new StoreFileUnreadableAnalyzer().analyze(new IllegalStateException(failure));

		assertThat(analysis.getDescription()).isEqualTo(
				"The embedded store file " + file() + " cannot be used: it is empty").doesNotContain("\n");
		assertThat(analysis.getAction()).contains("lowband.mv.db.mark", "backup", "move both away");
	}

	private void assertRefused(String reason) throws Exception {
		byte[] before = Files.readAllBytes(file());
		assertThatExceptionOfType(StoreFileUnreadable.class).isThrownBy(() -> EmbeddedStore.start(dir))
			.withMessageStartingWith("The embedded store file " + file() + " cannot be used: ")
			.withMessageContaining(reason);
		assertThat(Files.readAllBytes(file())).isEqualTo(before);
	}

	/** Twenty batches of a hundred, each acknowledged as durable, then a clean stop. */
	private void write() {
		EmbeddedStore store = EmbeddedStore.start(dir);
		try (MongoClient client = MongoClients.create(store.connectionString("lowband"))) {
			for (int batch = 0; batch < MESSAGES / 100; batch++) {
				List<Document> documents = new ArrayList<>();
				for (int i = 0; i < 100; i++) {
					documents.add(new Document("_id", batch * 100 + i).append("body", "message " + i));
				}
				client.getDatabase("lowband").getCollection("messages").insertMany(documents);
			}
		}
		finally {
			store.close();
		}
	}

	private long count() {
		EmbeddedStore store = EmbeddedStore.start(dir);
		try (MongoClient client = MongoClients.create(store.connectionString("lowband"))) {
			return client.getDatabase("lowband").getCollection("messages").countDocuments();
		}
		finally {
			store.close();
		}
	}

	private void cut(long length) throws Exception {
		try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
			raf.setLength(length);
		}
	}

	private Path file() {
		return dir.resolve(EmbeddedStore.FILE_NAME);
	}

}
