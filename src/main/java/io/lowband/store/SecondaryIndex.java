package io.lowband.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.MVMap;

/**
 * A non-unique index, which mongo-java-server leaves unimplemented (it logs "not yet implemented" and scans). Each
 * entry is the document's key values followed by its position, so equal keys stay apart and sort by arrival; an
 * array field gives an entry per element (multikey), as in MongoDB.
 * <p>
 * It answers a query that gives plain values for the first fields of the index (a prefix), whatever else the query
 * asks: the collection applies the whole query to what the index returns. With a sort on the fields that follow
 * the prefix, {@link #inOrder} walks the entries in that order, so "the last message of a room" reads one entry
 * and one document instead of the room.
 */
final class SecondaryIndex extends Index<Object> {

	private static final Object EMPTY = Boolean.TRUE;

	private final MVMap<KeyValue, Object> entries;

	private final MVMap<Object, EncodedDocument> documents;

	SecondaryIndex(String name, List<IndexKey> keys, boolean sparse, MVMap<KeyValue, Object> entries,
			MVMap<Object, EncodedDocument> documents) {
		super(name, keys, sparse);
		this.entries = entries;
		this.documents = documents;
	}

	@Override
	public Object getPosition(Document document) {
		// Many documents share a key: only the collection's unique indexes tell positions apart.
		return null;
	}

	@Override
	public void checkAdd(Document document, MongoCollection<Object> collection) {
		getKeyValues(document); // refuses parallel arrays before anything is written
	}

	@Override
	public void add(Document document, Object position, MongoCollection<Object> collection) {
		if (isSparse() && hasNoValue(document)) {
			return;
		}
		for (KeyValue key : getKeyValues(document)) {
			entries.put(append(key, position), EMPTY);
		}
	}

	@Override
	public Object remove(Document document) {
		Object position = positionOf(document);
		if (position != null) {
			removeEntries(document, position);
		}
		return position;
	}

	@Override
	public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
		getKeyValues(newDocument);
	}

	@Override
	public void updateInPlace(Document oldDocument, Document newDocument, Object position,
			MongoCollection<Object> collection) {
		if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
			removeEntries(oldDocument, position);
			add(newDocument, position, collection);
		}
	}

	@Override
	public boolean canHandle(Document query) {
		return equalityPrefix(query) > 0;
	}

	@Override
	public Iterable<Object> getPositions(Document query) {
		return positions(query, false).toList();
	}

	/**
	 * The positions of the documents matching the query's prefix in the order {@code orderBy} asks, or null when
	 * this index cannot give that order: the sort must name the fields right after the prefix, all ascending or
	 * all descending. A document whose sort field is an array comes first where its smallest (ascending) or
	 * largest (descending) element sorts, as MongoDB sorts it.
	 */
	Stream<Object> inOrder(Document query, Document orderBy) {
		int prefix = equalityPrefix(query);
		if (prefix == 0 || orderBy == null || orderBy.isEmpty() || prefix + orderBy.size() > getKeys().size()) {
			return null;
		}
		Set<Integer> directions = new LinkedHashSet<>();
		int i = prefix;
		for (Map.Entry<String, Object> sort : orderBy.entrySet()) {
			if (!sort.getKey().equals(getKeys().get(i++).getKey()) || !(sort.getValue() instanceof Number n)) {
				return null;
			}
			directions.add(Integer.signum(n.intValue()));
		}
		if (directions.size() != 1 || directions.contains(0)) {
			return null;
		}
		return positions(query, directions.contains(-1));
	}

	@Override
	public long getCount() {
		return entries.sizeAsLong();
	}

	@Override
	public long getDataSize() {
		return 0;
	}

	@Override
	public void drop() {
		entries.clear();
	}

	private Stream<Object> positions(Document query, boolean descending) {
		Iterator<KeyValue> keys = entriesStartingWith(queriedPrefix(query), descending);
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(keys, 0), false)
			.map(SecondaryIndex::lastPart)
			.distinct();
	}

	/** The entries whose first parts are {@code prefix}, in key order or reversed. */
	private Iterator<KeyValue> entriesStartingWith(KeyValue prefix, boolean descending) {
		KeyValue last = append(prefix, MaxKey.getInstance());
		return descending ? entries.cursor(last, prefix, true) : entries.cursor(prefix, last, false);
	}

	/** How many leading index fields the query gives as plain values: what a range of entries can answer. */
	private int equalityPrefix(Document query) {
		int prefix = 0;
		for (IndexKey key : getKeys()) {
			if (!isPlainValue(query.get(key.getKey()))) {
				break;
			}
			prefix++;
		}
		return prefix;
	}

	/**
	 * Values equality matches as they are. Not null (it matches a missing field too), not a document (operators
	 * or an exact sub-document), not an array (it matches the whole array).
	 */
	private static boolean isPlainValue(Object value) {
		return value instanceof String || value instanceof Number || value instanceof Boolean
				|| value instanceof ObjectId;
	}

	private KeyValue queriedPrefix(Document query) {
		List<Object> values = new ArrayList<>();
		int prefix = equalityPrefix(query);
		for (int i = 0; i < prefix; i++) {
			values.add(query.get(getKeys().get(i).getKey()));
		}
		return new KeyValue(values).normalized();
	}

	private Object positionOf(Document document) {
		Object id = document.get("_id");
		for (KeyValue key : getKeyValues(document)) {
			Iterator<KeyValue> candidates = entriesStartingWith(key, false);
			while (candidates.hasNext()) {
				Object position = lastPart(candidates.next());
				Document stored = EncodedDocument.decode(documents.get(position));
				if (stored != null && Objects.equals(stored.get("_id"), id)) {
					return position;
				}
			}
		}
		return null;
	}

	private void removeEntries(Document document, Object position) {
		for (KeyValue key : getKeyValues(document)) {
			entries.remove(append(key, position));
		}
	}

	private boolean hasNoValue(Document document) {
		return getKeyValues(document).stream().allMatch((key) -> key.stream().allMatch(Objects::isNull));
	}

	private static KeyValue append(KeyValue key, Object last) {
		List<Object> parts = new ArrayList<>(key.size() + 1);
		key.forEach(parts::add);
		parts.add(last);
		return new KeyValue(parts);
	}

	private static Object lastPart(KeyValue key) {
		return key.get(key.size() - 1);
	}

}
