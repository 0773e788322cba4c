package io.lowband.store;

import java.util.List;
import java.util.Map;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts a store file written before the BSON format (documents and index keys in Java serialization, store
 * version 0) on start, map by map.
 * <p>
 * Each map is copied into a scratch map, and the old map is replaced by the copy and recorded as converted in one
 * commit. A crash part way leaves every map either old and unrecorded or converted and recorded, and the next
 * start drops the scratch copy and goes on where it stopped. Long copies commit along the way so that a large
 * file is not held in memory.
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
		for (String name : pending) {
			long entries = convert(store, name, converted);
			log.info("Store map '{}' converted to BSON ({} entries)", name, entries);
		}
		store.removeMap(converted);
		store.setStoreVersion(BsonH2Backend.BSON_FORMAT);
		store.commit();
	}

	private static long convert(MVStore store, String name, MVMap<String, String> converted) {
		MVMap<Object, Object> old = store.openMap(name);
		MVMap<Object, Object> copy = BsonH2Backend.openBsonMap(store, SCRATCH_PREFIX + name);
		long entries = 0;
		for (Map.Entry<Object, Object> entry : old.entrySet()) {
			copy.put(entry.getKey(), entry.getValue());
			if (++entries % ENTRIES_PER_COMMIT == 0) {
				store.commit();
			}
		}
		store.removeMap(old);
		store.renameMap(copy, name);
		converted.put(name, "");
		store.commit();
		return entries;
	}

}
