package io.lowband.chat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import org.bson.Document;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * The one way messages enter history: a batch of drafts is checked, numbered with the next seqs of their rooms and
 * stored with one ordered {@code insertMany}, which is one durable commit. It is called only by the writer that owns
 * the batch's rooms (see {@link SendQueue}), so seqs are taken from memory without a lock; another instance sharing
 * the database is noticed by the unique keys and the seq reloaded.
 * <p>
 * A client id is stored once per sender and room: a repeat within the batch, one stored recently (in memory) or
 * one stored long ago (the unique index refuses it, and the stored copy is looked up) is answered with the stored
 * message. Nothing is published here: the caller answers the senders and fans out after the commit.
 */
@Service
public class MessageLog {

	private static final int MAX_SEQ_RACES = 5;

	/** Client ids stored lately, so that a resend after a reconnect costs no failed insert. */
	private static final int RECENT_CLIENT_IDS = 50_000;

	private final MongoTemplate mongo;

	private final Rooms rooms;

	private final ChatSettings settings;

	private final DraftReferences references;

	private final Map<String, Long> lastSeqs = new ConcurrentHashMap<>();

	private final Cache<SenderKey, MessageView> recent = Caffeine.newBuilder().maximumSize(RECENT_CLIENT_IDS).build();

	private final Clock clock = Clock.systemUTC();

	MessageLog(MongoTemplate mongo, Rooms rooms, ChatSettings settings, DraftReferences references) {
		this.mongo = mongo;
		this.rooms = rooms;
		this.settings = settings;
		this.references = references;
	}

	/**
	 * Stores what may be stored of a batch, in order, and says what became of each draft (same order). Fails only
	 * when the store does; a prefix of the batch may then be stored, and resends of it are recognised.
	 */
	public List<SendOutcome> storeBatch(List<Draft> sent) {
		List<Draft> drafts = new ArrayList<>(sent);
		SendOutcome[] outcomes = new SendOutcome[drafts.size()];
		int[] sameAs = new int[drafts.size()];
		Arrays.fill(sameAs, -1);
		Map<SenderKey, Integer> firstInBatch = new HashMap<>();
		List<Integer> toStore = new ArrayList<>();
		for (int i = 0; i < drafts.size(); i++) {
			Draft draft = drafts.get(i);
			try {
				validate(draft);
				rooms.requireMembership(draft.roomId(), draft.from());
				draft = references.check(draft, lastSeq(draft.roomId()));
				drafts.set(i, draft);
			}
			catch (ChatRejected ex) {
				outcomes[i] = new SendOutcome.Refused(ex);
				continue;
			}
			SenderKey key = SenderKey.of(draft);
			Integer first = firstInBatch.putIfAbsent(key, i);
			MessageView known = recent.getIfPresent(key);
			if (first != null) {
				sameAs[i] = first;
			}
			else if (known != null) {
				outcomes[i] = new SendOutcome.Stored(known, true);
			}
			else {
				toStore.add(i);
			}
		}
		insertInOrder(drafts, toStore, outcomes);
		for (int i = 0; i < drafts.size(); i++) {
			if (sameAs[i] >= 0) {
				outcomes[i] = (outcomes[sameAs[i]] instanceof SendOutcome.Stored stored)
						? new SendOutcome.Stored(stored.message(), true) : outcomes[sameAs[i]];
			}
		}
		return List.of(outcomes);
	}

	/** The highest seq of a room, 0 when it has no messages. */
	public long lastSeq(String roomId) {
		return lastSeqs.computeIfAbsent(roomId, this::loadLastSeq);
	}

	/**
	 * Inserts the drafts at these indexes with consecutive seqs per room. An ordered insert stops at the first
	 * refused document and keeps those before it, so seqs stay gapless: the refused one is a repeat (answered with
	 * the stored copy) or lost a seq race to another instance (the seq is reloaded), and the rest are numbered
	 * again and inserted in the next round.
	 */
	private void insertInOrder(List<Draft> drafts, List<Integer> toStore, SendOutcome[] outcomes) {
		Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
		int start = 0;
		int races = 0;
		while (start < toStore.size()) {
			Map<String, Long> next = new HashMap<>();
			List<StoredMessage> batch = new ArrayList<>(toStore.size() - start);
			for (int index : toStore.subList(start, toStore.size())) {
				Draft draft = drafts.get(index);
				long seq = next.compute(draft.roomId(), (room, last) -> ((last == null) ? lastSeq(room) : last) + 1);
				batch.add(new StoredMessage(StoredMessage.key(draft.roomId(), seq), draft.roomId(), seq,
						draft.clientId(), draft.from(), Objects.requireNonNullElse(draft.body(), ""), now, draft.replyTo(),
						draft.attachment()));
			}
			int inserted = insertUntilRefused(batch);
			for (int j = 0; j < inserted; j++) {
				StoredMessage stored = batch.get(j);
				lastSeqs.merge(stored.room(), stored.seq(), Math::max);
				MessageView view = stored.view();
				recent.put(SenderKey.of(stored), view);
				outcomes[toStore.get(start + j)] = new SendOutcome.Stored(view, false);
			}
			start += inserted;
			if (start < toStore.size()) {
				StoredMessage refused = batch.get(inserted);
				StoredMessage sameClientId = findByClientId(refused.room(), refused.from(), refused.clientId());
				if (sameClientId != null) {
					recent.put(SenderKey.of(sameClientId), sameClientId.view());
					outcomes[toStore.get(start++)] = new SendOutcome.Stored(sameClientId.view(), true);
				}
				else if (++races > MAX_SEQ_RACES) {
					throw new IllegalStateException(
							"Could not take a seq in room " + refused.room() + " after " + MAX_SEQ_RACES + " tries");
				}
				else {
					// Another instance took this seq: learn the real last seq and number the rest again.
					lastSeqs.put(refused.room(), loadLastSeq(refused.room()));
				}
			}
		}
	}

	/** How many documents from the front were inserted: all, or those before the first duplicate key. */
	private int insertUntilRefused(List<StoredMessage> batch) {
		List<Document> documents = new ArrayList<>(batch.size());
		for (StoredMessage message : batch) {
			Document document = new Document();
			mongo.getConverter().write(message, document);
			documents.add(document);
		}
		try {
			mongo.getCollection(mongo.getCollectionName(StoredMessage.class)).insertMany(documents);
			return documents.size();
		}
		catch (MongoBulkWriteException ex) {
			List<BulkWriteError> errors = ex.getWriteErrors();
			if (errors.isEmpty() || ErrorCategory.fromErrorCode(errors.get(0).getCode()) != ErrorCategory.DUPLICATE_KEY) {
				throw ex;
			}
			return errors.get(0).getIndex();
		}
	}

	private StoredMessage findByClientId(String roomId, String from, String clientId) {
		return mongo.findOne(
				Query.query(Criteria.where("room").is(roomId).and("from").is(from).and("clientId").is(clientId)),
				StoredMessage.class);
	}

	private long loadLastSeq(String roomId) {
		StoredMessage last = mongo.findOne(
				Query.query(Criteria.where("room").is(roomId)).with(Sort.by(Sort.Direction.DESC, "seq")).limit(1),
				StoredMessage.class);
		return (last == null) ? 0 : last.seq();
	}

	private void validate(Draft draft) {
		String clientId = draft.clientId();
		if (clientId == null || clientId.length() < 8 || clientId.length() > 64) {
			throw new ChatRejected(Rejection.BAD_ID);
		}
		String body = draft.body();
		if ((body == null || body.isBlank()) && draft.attachment() == null) {
			throw new ChatRejected(Rejection.EMPTY_BODY);
		}
		int bytes = (body == null) ? 0 : body.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > settings.maxBodyBytes()) {
			throw new ChatRejected(Rejection.TOO_LONG,
					"The message is " + bytes + " bytes; the limit is " + settings.maxBodyBytes() + ".");
		}
	}

	/** A send as the unique index knows it: room, sender, client id. */
	private record SenderKey(String room, String from, String clientId) {

		static SenderKey of(Draft draft) {
			return new SenderKey(draft.roomId(), draft.from(), draft.clientId());
		}

		static SenderKey of(StoredMessage message) {
			return new SenderKey(message.room(), message.from(), message.clientId());
		}

	}

}
