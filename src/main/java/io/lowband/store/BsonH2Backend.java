package io.lowband.store;

import java.nio.file.Path;
import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.DataType;

/**
 * The durable backend with documents and index entries stored as BSON ({@link BsonValueType}) instead of Java
 * serialization, and documents numbered in arrival order ({@link BsonCollection}). Queries, indexes and the wire
 * protocol stay mongo-java-server's; only the maps change.
 * <p>
 * The seam is where {@link H2Database} opens a collection or an index. A collection is built here on BSON maps.
 * An index map is opened here first, with the BSON type, and then H2Database opens it by name as usual: H2 hands
 * back a map that is already open as it is. {@code BsonH2BackendTests} fails if a library upgrade renames the maps.
 */
class BsonH2Backend extends DurableH2Backend {

	/** {@link MVStore#getStoreVersion()} of a file whose document and index maps are BSON. */
	static final int BSON_FORMAT = 1;

	private static final String DOCUMENTS_PREFIX = "databases.";

	private static final String META_PREFIX = "meta.";

	private static final String INDEX_INFIX = "._index_";

	private BsonH2Backend(MVStore store) {
		super(store);
	}

	/**
	 * Opens the backend on a file, converting one written with Java serialization first. No background writer:
	 * the backend commits itself, and the store never writes behind its back. Pages of 16 keys rather than H2's
	 * 48, because every commit writes each page it changed out whole: smaller pages cut what a single insert writes
	 * by about a third (StoreBenchmark, run with both sizes) and cost batches nothing measurable. Compressed pages
	 * (LZF): half the bytes per commit and under 600 bytes a message once compacted (StoreScaleBenchmark), for about
	 * a third of the batch rate. Old chunks are kept for 1 s instead of H2's 45: H2 keeps them in case the disk has
	 * not yet written the newer ones, but every commit here is synced before it is acknowledged, and compaction can
	 * reuse a chunk's space only once it is released.
	 */
	static BsonH2Backend open(Path file) {
		MVStore store = new MVStore.Builder().fileName(file.toString())
			.autoCommitDisabled()
			.keysPerPage(16)
			.compress()
			.open();
		store.setRetentionTime(1_000);
		JavaSerializedFormat.convertToBson(store);
		return new BsonH2Backend(store);
	}

	/** The names H2Database gives to the maps of documents and of unique indexes; its meta maps keep H2's type. */
	static boolean holdsDocumentsOrIndexKeys(String mapName) {
		return mapName.startsWith(DOCUMENTS_PREFIX)
				|| (!mapName.startsWith(META_PREFIX) && mapName.contains(INDEX_INFIX));
	}

	/** The collection namespace ({@code db.collection}) whose documents a map holds, or null for an index map. */
	static String namespaceOfDocuments(String mapName) {
		return mapName.startsWith(DOCUMENTS_PREFIX) ? mapName.substring(DOCUMENTS_PREFIX.length()) : null;
	}

	static boolean isIndexOf(String mapName, String namespace) {
		return mapName.startsWith(namespace + INDEX_INFIX);
	}

	/**
	 * The map of a collection's documents, by position. Every opener of such a map goes through here: H2 keeps the
	 * types a map was first opened with, whoever opens it next.
	 */
	static MVMap<Object, EncodedDocument> openDocumentMap(MVStore store, String name) {
		return store.openMap(name,
				new MVMap.Builder<Object, EncodedDocument>().keyType(bson()).valueType(EncodedDocument.TYPE));
	}

	static <K, V> MVMap<K, V> openBsonMap(MVStore store, String name) {
		return store.openMap(name,
				new MVMap.Builder<K, V>().keyType(bson()).valueType(bson()));
	}

	@SuppressWarnings("unchecked")
	private static <T> DataType<T> bson() {
		return (DataType<T>) BsonValueType.INSTANCE;
	}

	@Override
	protected MongoDatabase openOrCreateDatabase(String databaseName) {
		return new BsonDatabase(databaseName);
	}

	/**
	 * An inner class on purpose: H2Database opens collections and indexes from its constructor, and Java sets the
	 * reference to the enclosing backend (and so the store) before that constructor runs.
	 */
	private final class BsonDatabase extends H2Database {

		BsonDatabase(String databaseName) {
			super(databaseName, getMvStore(), getCursorRegistry());
		}

		@Override
		protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
			String namespace = getFullCollectionNamespace(collectionName);
			MVMap<Object, EncodedDocument> documents = openDocumentMap(getMvStore(), DOCUMENTS_PREFIX + namespace);
			MVMap<String, Object> meta = getMvStore().openMap(META_PREFIX + namespace);
			return new BsonCollection(this, collectionName, options, documents, meta, cursorRegistry);
		}

		@Override
		protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
				boolean sparse) {
			openBsonMap(getMvStore(), getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName);
			return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
		}

		@Override
		protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName,
				List<IndexKey> keys, boolean sparse) {
			String namespace = getFullCollectionNamespace(collectionName);
			return new SecondaryIndex(indexName, keys, sparse,
					openBsonMap(getMvStore(), namespace + INDEX_INFIX + indexName),
					openDocumentMap(getMvStore(), DOCUMENTS_PREFIX + namespace));
		}

	}

}
