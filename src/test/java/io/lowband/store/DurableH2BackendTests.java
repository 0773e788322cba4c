package io.lowband.store;

import java.nio.file.Files;
import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A crash right after a write was acknowledged must not lose it. The test copies the store file while the server
 * still runs, which is what the disk holds if the process dies at that instant, and opens the copy.
 */
class DurableH2BackendTests {

	@TempDir
	Path dir;

	@Test
	void anAcknowledgedWriteIsInTheFileBeforeTheReply() throws Exception {
		EmbeddedStore store = EmbeddedStore.start(dir);
		try (MongoClient client = MongoClients.create(store.connectionString("lowband"))) {
			MongoCollection<Document> messages = client.getDatabase("lowband").getCollection("messages");
			for (int i = 1; i <= 20; i++) {
				messages.insertOne(new Document("_id", i).append("body", "message " + i));
			}
			messages.updateOne(new Document("_id", 20), new Document("$set", new Document("body", "edited")));
			messages.deleteOne(new Document("_id", 1));

			Path crashCopy = dir.resolve("crash-copy.mv.db");
			Files.copy(store.file(), crashCopy);
			BsonH2Backend reopened = BsonH2Backend.open(crashCopy);
			try (MongoClient readBack = MongoClients
				.create(new de.bwaldvogel.mongo.MongoServer(reopened).bindAndGetConnectionString())) {
				MongoCollection<Document> copy = readBack.getDatabase("lowband").getCollection("messages");
				assertThat(copy.countDocuments()).isEqualTo(19);
				assertThat(copy.find(new Document("_id", 20)).first().getString("body")).isEqualTo("edited");
				assertThat(copy.find(new Document("_id", 1)).first()).isNull();
			}
		}
		finally {
			store.close();
		}
	}

}
