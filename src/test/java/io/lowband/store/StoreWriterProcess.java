package io.lowband.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

/**
 * The process {@link StoreKillTests} kills: writers insert batches of numbered documents into the embedded store
 * until the process dies, and print each batch the store acknowledged.
 */
final class StoreWriterProcess {

	static final int BATCH = 100;

	private StoreWriterProcess() {
	}

	/** Arguments: the data directory, the first writer's number, how many writers. */
	public static void main(String[] args) {
		EmbeddedStore store = EmbeddedStore.start(Path.of(args[0]));
		int firstWriter = Integer.parseInt(args[1]);
		int writers = Integer.parseInt(args[2]);
		MongoClient client = MongoClients.create(store.connectionString("lowband"));
		MongoCollection<Document> documents = client.getDatabase("lowband").getCollection("documents");
		System.out.println("started");
		for (int w = firstWriter; w < firstWriter + writers; w++) {
			int writer = w;
			new Thread(() -> write(documents, writer)).start();
		}
	}

	private static void write(MongoCollection<Document> documents, int writer) {
		for (int batch = 0;; batch++) {
			List<Document> written = new ArrayList<>(BATCH);
			for (int i = 0; i < BATCH; i++) {
				written.add(document(writer, batch * BATCH + i));
			}
			documents.insertMany(written);
			synchronized (System.out) {
				System.out.println("acked " + writer + " " + batch);
			}
		}
	}

	/** Document {@code n} of a writer; {@link StoreKillTests} expects exactly this back. */
	static Document document(int writer, int n) {
		return new Document("_id", writer + ":" + n).append("writer", writer)
			.append("n", n)
			.append("body", ("message " + n + " of writer " + writer + " ").repeat(4));
	}

}
