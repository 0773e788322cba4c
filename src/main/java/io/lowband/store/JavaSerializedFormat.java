package io.lowband.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a store file written before the BSON format (store version 0: documents and index keys in Java
 * serialization, documents keyed by {@code _id}) on start, one collection at a time.
 * <p>
 * A collection's documents are copied into a scratch map under new numbers ({@link BsonCollection}), its indexes
 * into scratch maps pointing at those numbers, and then the old maps are replaced by the copies and recorded as
 * converted in one commit. A crash part way leaves each collection either old and unrecorded or converted and
 * recorded, and the next start drops the scratch maps and goes on where it stopped. Long copies commit along the
 * way so that a large file is not held in memory.
 */
final class JavaSerializedFormat {

	private static final String SCRATCH_PREFIX = "$converting.";

	private static final String CONVERTED = "$converted";

	private static final int ENTRIES_PER_COMMIT = 10_000;

	private static final Logger log = LoggerFactory.getLogger(JavaSerializedFormat.class);

	private JavaSerializedFormat() {
	}

	static void convertToBson(MVStore store) {
		if (store.getStoreVersion() >= BsonH2Backend.BSON_FORMAT) {
			return;
		}
		store.getMapNames().stream().filter((name) -> name.startsWith(SCRATCH_PREFIX)).forEach(store::removeMap);
		MVMap<String, String> converted = store.openMap(CONVERTED);
		List<String> pending = store.getMapNames()
			.stream()
			.filter(BsonH2Backend::holdsDocumentsOrIndexKeys)
			.filter((name) -> !converted.containsKey(name))
			.sorted()
			.toList();
		for (String documents : pending) {
			String namespace = BsonH2Backend.namespaceOfDocuments(documents);
			if (namespace != null) {
				convertCollection(store, documents,
						pending.stream().filter((name) -> BsonH2Backend.isIndexOf(name, namespace)).toList(), converted);
			}
		}
		// Index maps left behind by a dropped collection point nowhere; they are converted as they are.
		for (String index : pending) {
			if (!converted.containsKey(index)) {
				MVMap<Object, Object> copy = copy(store, index, bsonMap(store),
						(key, position, into) -> into.put(key, position));
				swap(store, Map.of(index, copy), converted);
			}
		}
		store.removeMap(converted);
		store.setStoreVersion(BsonH2Backend.BSON_FORMAT);
		store.commit();
	}

	private static void convertCollection(MVStore store, String documents, List<String> indexes,
			MVMap<String, String> converted) {
		MVMap<Object, Long> positions = BsonH2Backend.openBsonMap(store, SCRATCH_PREFIX + "positions");
		Map<String, MVMap<Object, Object>> copies = new LinkedHashMap<>();
		copies.put(documents, copy(store, documents, documentMap(store), (id, document, copy) -> {
			long position = positions.sizeAsLong() + 1;
			copy.put(position, EncodedDocument.of((Document) document));
			positions.put(id, position);
		}));
		for (String index : indexes) {
			copies.put(index, copy(store, index, bsonMap(store), (key, id, copy) -> copy.put(key, positionOf(positions, id, index))));
		}
		store.removeMap(positions);
		swap(store, copies, converted);
		log.info("Store collection '{}' converted to BSON ({} documents, {} indexes)",
				BsonH2Backend.namespaceOfDocuments(documents), copies.get(documents).sizeAsLong(), indexes.size());
	}

	private static Long positionOf(MVMap<Object, Long> positions, Object id, String index) {
		Long position = positions.get(id);
		if (position == null) {
			throw new IllegalStateException("Index map '" + index + "' points at a document that is not there: " + id);
		}
		return position;
	}

	private static MVMap<Object, Object> copy(MVStore store, String name, Function<String, MVMap<Object, Object>> open,
			Entry write) {
		MVMap<Object, Object> old = store.openMap(name);
		MVMap<Object, Object> copy = open.apply(SCRATCH_PREFIX + name);
		long entries = 0;
		for (Map.Entry<Object, Object> entry : old.entrySet()) {
			write.into(entry.getKey(), entry.getValue(), copy);
			if (++entries % ENTRIES_PER_COMMIT == 0) {
				store.commit();
			}
		}
		return copy;
	}

	private static Function<String, MVMap<Object, Object>> bsonMap(MVStore store) {
		return (name) -> BsonH2Backend.openBsonMap(store, name);
	}

	/** A document map seen as one of objects: the copy puts only {@link EncodedDocument}s in it. */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Function<String, MVMap<Object, Object>> documentMap(MVStore store) {
		return (name) -> (MVMap) BsonH2Backend.openDocumentMap(store, name);
	}

	/** Replaces each old map by its copy and records it, all in one commit. */
	private static void swap(MVStore store, Map<String, MVMap<Object, Object>> copies,
			MVMap<String, String> converted) {
		copies.forEach((name, copy) -> {
			store.removeMap(name);
			store.renameMap(copy, name);
			converted.put(name, "");
		});
		store.commit();
	}

	private interface Entry {

		void into(Object key, Object value, MVMap<Object, Object> copy);

	}

}
