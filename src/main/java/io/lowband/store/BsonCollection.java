package io.lowband.store;

import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * H2's collection with two changes. A document is stored under the next number, not under its {@code _id}: chat
 * keys ({@code room:seq}) arrive in no order, so keyed by {@code _id} every batch of 100 touched about 100 pages of
 * the document map, and each commit wrote each of those pages out again whole. Numbered in arrival order the map
 * only grows at its end, and a batch rewrites a page or two. Indexes, the {@code _id} index among them, map keys to
 * these numbers as they mapped them to {@code _id}s before, and the natural order is arrival order, as in MongoDB.
 * And documents are held as their BSON bytes ({@link EncodedDocument}), decoded when read.
 * <p>
 * So this class, not H2Collection, does everything that touches the document map, and hands H2Collection no map:
 * a method added to it by a library upgrade that reached for its own map would fail at once, not read bytes as
 * documents.
 * <p>
 * A sorted query that a {@link SecondaryIndex} can answer in order reads the index in that order and stops at the
 * limit; mongo-java-server would load every document the query matches and sort them.
 */
final class BsonCollection extends H2Collection {

	private final MVMap<Object, EncodedDocument> documents;

	private final AtomicLong lastPosition;

	BsonCollection(MongoDatabase database, String name, CollectionOptions options,
			MVMap<Object, EncodedDocument> documents, MVMap<String, Object> meta, CursorRegistry cursors) {
		super(database, name, options, null, meta, cursors);
		this.documents = documents;
		Object last = documents.lastKey();
		this.lastPosition = new AtomicLong((last != null) ? (Long) last : 0);
	}

	@Override
	protected Object addDocumentInternal(Document document) {
		Long position = lastPosition.incrementAndGet();
		documents.put(position, EncodedDocument.of(document));
		return position;
	}

	@Override
	public int count() {
		return documents.size();
	}

	@Override
	public boolean isEmpty() {
		return documents.isEmpty();
	}

	@Override
	protected Document getDocument(Object position) {
		return EncodedDocument.decode(documents.get(position));
	}

	@Override
	protected void removeDocument(Object position) {
		if (documents.remove(position) == null) {
			throw new NoSuchElementException("No document at position " + position);
		}
	}

	@Override
	protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
		documents.put(position, EncodedDocument.of(newDocument));
	}

	@Override
	protected Stream<DocumentWithPosition<Object>> streamAllDocumentsWithPosition() {
		return documents.entrySet()
			.stream()
			.map((entry) -> new DocumentWithPosition<>(EncodedDocument.decode(entry.getValue()), entry.getKey()));
	}

	@Override
	protected QueryResult matchDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
			Document fieldSelector) {
		Stream<Document> candidates = isNaturalDescending(orderBy)
				? streamAllDocumentsWithPosition()
					.sorted((a, b) -> ValueComparator.desc().compare(a.getPosition(), b.getPosition()))
					.map(DocumentWithPosition::getDocument)
				: documents.values().stream().map(EncodedDocument::decode);
		return matchDocumentsFromStream(candidates, query, orderBy, skip, limit, batchSize, fieldSelector);
	}

	@Override
	protected QueryResult queryDocuments(Document query, Document orderBy, int skip, int limit, int batchSize,
			Document fieldSelector) {
		boolean uniqueAnswers = getIndexes().stream()
			.anyMatch((index) -> !(index instanceof SecondaryIndex) && index.canHandle(query));
		if (!uniqueAnswers) {
			for (Index<Object> index : getIndexes()) {
				Stream<Object> positions = (index instanceof SecondaryIndex secondary)
						? secondary.inOrder(query, orderBy) : null;
				if (positions != null) {
					return matchDocumentsFromStream(query, positions.map(this::getDocument), skip, limit, batchSize,
							null, fieldSelector);
				}
			}
		}
		return super.queryDocuments(query, orderBy, skip, limit, batchSize, fieldSelector);
	}

}
