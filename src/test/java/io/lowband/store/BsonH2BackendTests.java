package io.lowband.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The BSON file format, through the MongoDB driver as the app uses it: values come back as they went in, queries
 * and the unique index still work, the file keeps everything across a restart, and a file written by the Java
 * serialization backend opens with all its documents.
 */
class BsonH2BackendTests {

	@TempDir
	Path dir;

	@Test
	void everyValueTypeTheAppStoresComesBackAfterReopening() {
		Document written = new Document("_id", new ObjectId())
			.append("text", "hello, wörld")
			.append("int", 42)
			.append("long", 1L << 40)
			.append("double", 2.5)
			.append("yes", true)
			.append("no", false)
			.append("nothing", null)
			.append("at", new Date(1_764_000_000_123L))
			.append("nested", new Document("seq", 7L).append("tags", List.of("a", "b")))
			.append("members", List.of("ada", "bob", new Document("role", "owner")))
			.append("empty", List.of());

		withStore(BsonH2Backend::open, (messages) -> messages.insertOne(written));

		Document read = withStore(BsonH2Backend::open, (messages) -> messages.find().first());
		assertThat(read).isEqualTo(written);
	}

	@Test
	void documentsWrittenDecodedBeforeAreReadAsTheirBytesNow() {
		de.bwaldvogel.mongo.bson.Document before = new de.bwaldvogel.mongo.bson.Document("_id", "room-1:7")
			.append("room", "room-1")
			.append("seq", 7L)
			.append("body", "written when document maps held decoded documents")
			.append("at", java.time.Instant.ofEpochMilli(1_764_000_000_123L));
		try (MVStore store = new MVStore.Builder().fileName(file().toString()).open()) {
			BsonH2Backend.<Object, Object>openBsonMap(store, "databases.lowband.messages").put(1L, before);
		}
		try (MVStore store = new MVStore.Builder().fileName(file().toString()).open()) {
			assertThat(EncodedDocument.decode(BsonH2Backend.openDocumentMap(store, "databases.lowband.messages")
				.get(1L))).isEqualTo(before);
		}
	}

	@Test
	void queriesAndTheUniqueIndexWorkBeforeAndAfterReopening() {
		withStore(BsonH2Backend::open, (messages) -> {
			messages.createIndex(Indexes.ascending("room", "from", "clientId"), new IndexOptions().unique(true));
			messages.insertMany(messages(30));
			assertThatExceptionOfType(MongoWriteException.class)
				.isThrownBy(() -> messages.insertOne(message("room-1", 1)));
			messages.updateOne(eq("seq", 4L), new Document("$set", new Document("body", "edited")));
			messages.deleteOne(eq("seq", 5L));
			return null;
		});

		withStore(BsonH2Backend::open, (messages) -> {
			assertThat(messages.countDocuments()).isEqualTo(29);
			assertThat(seqs(messages.find(and(eq("room", "room-1"), gt("seq", 10L))).sort(Sorts.descending("seq"))))
				.containsExactly(28L, 25L, 22L, 19L, 16L, 13L);
			assertThat(messages.find(eq("seq", 4L)).first().getString("body")).isEqualTo("edited");
			assertThat(messages.find(eq("seq", 5L)).first()).isNull();
			assertThatExceptionOfType(MongoWriteException.class)
				.isThrownBy(() -> messages.insertOne(message("room-1", 1)));
			messages.insertOne(message("room-1", 99));
			return null;
		});
	}

	@Test
	void aFileWrittenWithJavaSerializationOpensWithEveryDocument() {
		List<Document> written = messages(2_500);
		withStore((file) -> new H2Backend(file.toString()), (messages) -> {
			messages.createIndex(Indexes.ascending("room", "from", "clientId"), new IndexOptions().unique(true));
			// mongo-java-server kept only the description of a non-unique index; its entries are built on opening.
			messages.createIndex(Indexes.compoundIndex(Indexes.ascending("room"), Indexes.descending("seq")));
			return messages.insertMany(written);
		});

		for (int restart = 0; restart < 2; restart++) {
			withStore(BsonH2Backend::open, (messages) -> {
				assertThat(messages.find().sort(Sorts.ascending("seq")).into(new ArrayList<>()))
					.containsExactlyElementsOf(written);
				assertThatExceptionOfType(MongoWriteException.class)
					.isThrownBy(() -> messages.insertOne(message("room-2", 2)));
				for (Document document : List.of(written.get(0), written.get(1234), written.get(2499))) {
					assertThat(messages.find(eq("_id", document.get("_id"))).first()).isEqualTo(document);
				}
				assertThat(messages.find(eq("room", "room-1")).sort(Sorts.descending("seq")).first().getLong("seq"))
					.isEqualTo(2500L);
				return null;
			});
		}
		try (MVStore store = new MVStore.Builder().fileName(file().toString()).open()) {
			assertThat(store.getStoreVersion()).isEqualTo(BsonH2Backend.BSON_FORMAT);
			assertThat(BsonH2Backend.openDocumentMap(store, "databases.lowband.messages").size()).isEqualTo(written.size());
			assertThat(BsonH2Backend.openBsonMap(store, "lowband.messages._index_room_1_seq_-1").size())
				.isEqualTo(written.size());
		}
	}

	@Test
	void aConversionCutShortIsStartedAgainFromTheOldMaps() {
		List<Document> written = messages(100);
		withStore((file) -> new H2Backend(file.toString()), (messages) -> messages.insertMany(written));
		// What a crash while copying leaves behind: a half-filled scratch copy next to the untouched old map.
		try (MVStore store = new MVStore.Builder().fileName(file().toString()).open()) {
			BsonH2Backend.openBsonMap(store, "$converting.databases.lowband.messages").put(1_000L, "half a copy");
			store.commit();
		}

		withStore(BsonH2Backend::open, (messages) -> assertThat(messages.find().into(new ArrayList<>()))
			.containsExactlyElementsOf(written));
		try (MVStore store = new MVStore.Builder().fileName(file().toString()).open()) {
			assertThat(store.getMapNames()).noneMatch((name) -> name.startsWith("$"));
		}
	}

	@Test
	void theDocumentAndIndexMapsAreTheOnesH2DatabaseUses() {
		withStore(BsonH2Backend::open, (messages) -> {
			messages.createIndex(Indexes.ascending("room", "from", "clientId"), new IndexOptions().unique(true));
			return messages.insertOne(message("room-1", 1));
		});
		try (MVStore store = new MVStore.Builder().fileName(file().toString()).open()) {
			List<String> bsonMaps = store.getMapNames()
				.stream()
				.filter(BsonH2Backend::holdsDocumentsOrIndexKeys)
				.toList();
			// If mongo-java-server renamed its maps, these would be created empty under the old names instead.
			assertThat(bsonMaps).contains("databases.lowband.messages", "lowband.messages._index__id_",
					"lowband.messages._index_room_1_from_1_clientId_1");
		}
	}

	static List<Document> messages(int count) {
		List<Document> messages = new ArrayList<>();
		for (int seq = 1; seq <= count; seq++) {
			messages.add(message("room-" + (seq % 3), seq));
		}
		return messages;
	}

	static Document message(String room, long seq) {
		return new Document("_id", new ObjectId()).append("room", room)
			.append("seq", seq)
			.append("from", "user-" + (seq % 7))
			.append("clientId", "client-" + seq)
			.append("body", "message number " + seq)
			.append("sentAt", new Date(1_764_000_000_000L + seq));
	}

	private static List<Long> seqs(Iterable<Document> documents) {
		List<Long> seqs = new ArrayList<>();
		documents.forEach((document) -> seqs.add(document.getLong("seq")));
		return seqs;
	}

	private Path file() {
		return dir.resolve(EmbeddedStore.FILE_NAME);
	}

	private <T> T withStore(Function<Path, ? extends H2Backend> backend, Function<MongoCollection<Document>, T> work) {
		MongoServer server = new MongoServer(backend.apply(file()));
		try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
			return work.apply(client.getDatabase("lowband").getCollection("messages"));
		}
		finally {
			server.shutdown();
		}
	}

}
