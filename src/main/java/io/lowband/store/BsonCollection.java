package io.lowband.store;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/**
 * H2's collection with one change: a document is stored under the next number, not under its {@code _id}.
 * Chat keys ({@code room:seq}) arrive in no order, so keyed by {@code _id} every batch of 100 touched about 100
 * pages of the document map, and each commit wrote each of those pages out again whole. Numbered in arrival order
 * the map only grows at its end, and a batch rewrites a page or two. Indexes, the {@code _id} index among them,
 * map keys to these numbers as they mapped them to {@code _id}s before, and the natural order is arrival order, as
 * in MongoDB.
 * <p>
 * A sorted query that a {@link SecondaryIndex} can answer in order reads the index in that order and stops at the
 * limit; mongo-java-server would load every document the query matches and sort them.
 */
final class BsonCollection extends H2Collection {

	private final MVMap<Object, Document> documents;

	private final AtomicLong lastPosition;

	BsonCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> documents,
			MVMap<String, Object> meta, CursorRegistry cursors) {
		super(database, name, options, documents, meta, cursors);
		this.documents = documents;
		Object last = documents.lastKey();
		this.lastPosition = new AtomicLong((last != null) ? (Long) last : 0);
	}

	@Override
	protected Object addDocumentInternal(Document document) {
		Long position = lastPosition.incrementAndGet();
		documents.put(position, document);
		return position;
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
