package io.lowband.store;

import java.util.List;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * The durable backend with documents and index entries stored as BSON ({@link BsonValueType}) instead of Java
 * serialization. Queries, indexes and the wire protocol stay mongo-java-server's; only the maps change.
 * <p>
 * The seam: {@link H2Database} opens its maps by name with H2's default types, and H2 hands back a map that is
 * already open as it is. So each document and index map is opened here first, with the BSON type, and then
 * H2Database goes on as usual. {@code BsonH2BackendTests} fails if a library upgrade renames the maps.
 */
class BsonH2Backend extends DurableH2Backend {

	/** {@link MVStore#getStoreVersion()} of a file whose document and index maps are BSON. */
	static final int BSON_FORMAT = 1;

	private static final String DOCUMENTS_PREFIX = "databases.";

	private static final String INDEX_INFIX = "._index_";

	private BsonH2Backend(MVStore store) {
		super(store);
	}

	/** Opens the backend on a store, converting a file written with Java serialization first. */
	static BsonH2Backend open(MVStore store) {
		JavaSerializedFormat.convertToBson(store);
		return new BsonH2Backend(store);
	}

	/** The names H2Database gives to the maps of documents and of unique indexes; its meta maps keep H2's type. */
	static boolean holdsDocumentsOrIndexKeys(String mapName) {
		return mapName.startsWith(DOCUMENTS_PREFIX) || (!mapName.startsWith("meta.") && mapName.contains(INDEX_INFIX));
	}

	static MVMap<Object, Object> openBsonMap(MVStore store, String name) {
		return store.openMap(name,
				new MVMap.Builder<>().keyType(BsonValueType.INSTANCE).valueType(BsonValueType.INSTANCE));
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
			openBsonMap(getMvStore(), DOCUMENTS_PREFIX + getFullCollectionNamespace(collectionName));
			return super.openOrCreateCollection(collectionName, options);
		}

		@Override
		protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
				boolean sparse) {
			openBsonMap(getMvStore(), getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName);
			return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
		}

	}

}
