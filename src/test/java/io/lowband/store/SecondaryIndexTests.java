package io.lowband.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Non-unique indexes of the embedded store: the queries Lowband runs (a room's last seq, the rooms of a member)
 * give what a scan would give through inserts, updates, deletes and restarts, and an index walked in order reads
 * only what the limit asks for.
 */
class SecondaryIndexTests {

	@TempDir
	Path dir;

	@Test
	void aRoomsLastSeqAndItsPagesFollowInsertsUpdatesDeletesAndRestarts() {
		withDatabase((db) -> {
			MongoCollection<Document> messages = db.getCollection("messages");
			messages.insertMany(BsonH2BackendTests.messages(300)); // before the index: it is built from them
			messages.createIndex(Indexes.compoundIndex(Indexes.ascending("room"), Indexes.descending("seq")));
			for (long seq = 301; seq <= 330; seq++) {
				messages.insertOne(BsonH2BackendTests.message("room-" + (seq % 3), seq));
			}
			messages.deleteOne(eq("seq", 330L));
			messages.updateOne(eq("seq", 329L), Updates.set("room", "room-9"));
			return null;
		});

		for (int restart = 0; restart < 2; restart++) {
			withDatabase((db) -> {
				MongoCollection<Document> messages = db.getCollection("messages");
				assertThat(lastSeq(messages, "room-0")).isEqualTo(327L); // 330 deleted
				assertThat(lastSeq(messages, "room-2")).isEqualTo(326L); // 329 moved to room-9
				assertThat(lastSeq(messages, "room-9")).isEqualTo(329L);
				assertThat(lastSeq(messages, "room-7")).isNull();
				assertThat(seqs(messages.find(eq("room", "room-1")).sort(Sorts.ascending("seq")).limit(3)))
					.containsExactly(1L, 4L, 7L);
				assertThat(seqs(messages.find(and(eq("room", "room-1"), gt("seq", 300L)))
					.sort(Sorts.descending("seq")))).containsExactly(328L, 325L, 322L, 319L, 316L, 313L, 310L,
							307L, 304L, 301L);
				assertThat(messages.countDocuments(eq("room", "room-1"))).isEqualTo(110);
				return null;
			});
		}
	}

	@Test
	void theRoomsOfAMemberFollowJoinsAndLeaves() {
		withDatabase((db) -> {
			MongoCollection<Document> rooms = db.getCollection("rooms");
			rooms.createIndex(Indexes.ascending("members"));
			for (int i = 0; i < 50; i++) {
				rooms.insertOne(new Document("_id", "room-" + i).append("members",
						List.of("ada", "user-" + i, "user-" + (i + 1))));
			}
			rooms.updateOne(eq("_id", "room-3"), Updates.pull("members", "ada"));
			rooms.updateOne(eq("_id", "room-4"), Updates.addToSet("members", "zoe"));
			rooms.deleteOne(eq("_id", "room-5"));
			return null;
		});

		withDatabase((db) -> {
			MongoCollection<Document> rooms = db.getCollection("rooms");
			assertThat(ids(rooms.find(eq("members", "user-5")))).containsExactlyInAnyOrder("room-4");
			assertThat(ids(rooms.find(eq("members", "zoe")))).containsExactly("room-4");
			assertThat(ids(rooms.find(eq("members", "ada")))).hasSize(48).doesNotContain("room-3", "room-5");
			assertThat(ids(rooms.find(eq("members", "nobody")))).isEmpty();
			return null;
		});
	}

	@Test
	void anIndexWalkedInOrderGivesEachDocumentOnceWhereMongoDbSortsIt() {
		try (MVStore store = new MVStore.Builder().fileName(dir.resolve("walk.mv.db").toString()).open()) {
			MVMap<KeyValue, Object> entries = BsonH2Backend.openBsonMap(store, "entries");
			MVMap<Object, EncodedDocument> documents = BsonH2Backend.openDocumentMap(store, "docs");
			SecondaryIndex index = new SecondaryIndex("room_seq",
					List.of(new IndexKey("room", true), new IndexKey("seq", false)), false, entries, documents);
			add(index, documents, 1L, doc("a", 5L));
			add(index, documents, 2L, doc("a", 9L));
			add(index, documents, 3L, doc("b", 7L));
			add(index, documents, 4L, doc("a", List.of(1L, 20L))); // an array: sorts by its smallest or largest
			add(index, documents, 5L, doc("a", 9L));

			assertThat(index.inOrder(query("a"), sort(-1)).toList()).containsExactly(4L, 5L, 2L, 1L);
			assertThat(index.inOrder(query("a"), sort(1)).toList()).containsExactly(4L, 1L, 2L, 5L);
			assertThat(index.inOrder(query("b"), sort(-1)).toList()).containsExactly(3L);
			assertThat(index.inOrder(query("c"), sort(-1)).toList()).isEmpty();
			// Orders the index cannot give are left to mongo-java-server.
			assertThat(index.inOrder(query("a"), new de.bwaldvogel.mongo.bson.Document("body", 1))).isNull();
			assertThat(index.inOrder(new de.bwaldvogel.mongo.bson.Document("seq", 5L), sort(1))).isNull();
			assertThat(index.remove(doc("a", 9L).append("_id", 2L))).isEqualTo(2L);
			assertThat(index.getPositions(query("a"))).containsExactly(4L, 1L, 5L);
		}
	}

	private static void add(SecondaryIndex index, MVMap<Object, EncodedDocument> documents,
			long position, de.bwaldvogel.mongo.bson.Document document) {
		document.put("_id", position);
		documents.put(position, EncodedDocument.of(document));
		index.add(document, position, null);
	}

	private static de.bwaldvogel.mongo.bson.Document doc(String room, Object seq) {
		return new de.bwaldvogel.mongo.bson.Document("room", room).append("seq", seq);
	}

	private static de.bwaldvogel.mongo.bson.Document query(String room) {
		return new de.bwaldvogel.mongo.bson.Document("room", room);
	}

	private static de.bwaldvogel.mongo.bson.Document sort(int direction) {
		return new de.bwaldvogel.mongo.bson.Document("seq", direction);
	}

	private static Long lastSeq(MongoCollection<Document> messages, String room) {
		Document last = messages.find(eq("room", room)).sort(Sorts.descending("seq")).limit(1).first();
		return (last != null) ? last.getLong("seq") : null;
	}

	private static List<Long> seqs(Iterable<Document> documents) {
		List<Long> seqs = new ArrayList<>();
		documents.forEach((document) -> seqs.add(document.getLong("seq")));
		return seqs;
	}

	private static List<String> ids(Iterable<Document> documents) {
		List<String> ids = new ArrayList<>();
		documents.forEach((document) -> ids.add(document.getString("_id")));
		return ids;
	}

	private <T> T withDatabase(Function<MongoDatabase, T> work) {
		MongoServer server = new MongoServer(BsonH2Backend.open(dir.resolve(EmbeddedStore.FILE_NAME)));
		try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
			return work.apply(client.getDatabase("lowband"));
		}
		finally {
			server.shutdown();
		}
	}

}
