package io.lowband.chat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * The one way a message enters history, whether it came over MQTT or HTTP. Per room, sends are serialised: the
 * next seq is taken, the message stored and {@link MessageStored} published in that order, so fan-out follows
 * seq order. A resend of a known client id returns the stored message and publishes nothing.
 */
@Service
public class MessageLog {

	private static final int LOCK_STRIPES = 256;

	private static final int MAX_SEQ_RACES = 5;

	private final MongoTemplate mongo;

	private final Rooms rooms;

	private final ChatSettings settings;

	private final ApplicationEventPublisher events;

	private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

	private final Map<String, Long> lastSeqs = new ConcurrentHashMap<>();

	private final Clock clock = Clock.systemUTC();

	MessageLog(MongoTemplate mongo, Rooms rooms, ChatSettings settings, ApplicationEventPublisher events) {
		this.mongo = mongo;
		this.rooms = rooms;
		this.settings = settings;
		this.events = events;
		for (int i = 0; i < LOCK_STRIPES; i++) {
			locks[i] = new ReentrantLock();
		}
	}

	/** Stores a message, or finds the one already stored under this client id. */
	public Sent send(String roomId, String from, String clientId, String body) {
		validate(clientId, body);
		rooms.requireMembership(roomId, from);
		ReentrantLock lock = locks[Math.floorMod(roomId.hashCode(), LOCK_STRIPES)];
		lock.lock();
		try {
			// No lookup first: the unique index on room, sender and client id refuses a repeat, and only then is the
			// stored copy looked up. A lookup per send scans the room on the embedded store, which keeps no
			// non-unique indexes, and grew slower with every message.
			Sent sent = insertWithNextSeq(roomId, from, clientId, body);
			if (!sent.duplicate()) {
				events.publishEvent(new MessageStored(sent.message()));
			}
			return sent;
		}
		finally {
			lock.unlock();
		}
	}

	/** The highest seq of a room, 0 when it has no messages. */
	public long lastSeq(String roomId) {
		return lastSeqs.computeIfAbsent(roomId, this::loadLastSeq);
	}

	private Sent insertWithNextSeq(String roomId, String from, String clientId, String body) {
		for (int attempt = 0; attempt < MAX_SEQ_RACES; attempt++) {
			long seq = lastSeq(roomId) + 1;
			// MongoDB keeps milliseconds; the fanned-out copy must read the same as history.
			StoredMessage message = new StoredMessage(StoredMessage.key(roomId, seq), roomId, seq, clientId, from, body,
					clock.instant().truncatedTo(ChronoUnit.MILLIS));
			try {
				mongo.insert(message);
				lastSeqs.put(roomId, seq);
				return new Sent(message.view(), false);
			}
			catch (DuplicateKeyException ex) {
				StoredMessage sameClientId = findByClientId(roomId, from, clientId);
				if (sameClientId != null) {
					// Another Lowband instance stored this send first: it is a resend here, fanned out there.
					return new Sent(sameClientId.view(), true);
				}
				// Another Lowband instance took this seq: learn the real last seq and try the next one.
				lastSeqs.put(roomId, loadLastSeq(roomId));
			}
		}
		throw new IllegalStateException("Could not take a seq in room " + roomId + " after " + MAX_SEQ_RACES + " tries");
	}

	private StoredMessage findByClientId(String roomId, String from, String clientId) {
		return mongo.findOne(Query.query(Criteria.where("room").is(roomId).and("from").is(from).and("clientId").is(clientId)),
				StoredMessage.class);
	}

	private long loadLastSeq(String roomId) {
		StoredMessage last = mongo.findOne(
				Query.query(Criteria.where("room").is(roomId)).with(Sort.by(Sort.Direction.DESC, "seq")).limit(1),
				StoredMessage.class);
		return (last == null) ? 0 : last.seq();
	}

	private void validate(String clientId, String body) {
		if (clientId == null || clientId.length() < 8 || clientId.length() > 64) {
			throw new ChatRejected(Rejection.BAD_ID);
		}
		if (body == null || body.isBlank()) {
			throw new ChatRejected(Rejection.EMPTY_BODY);
		}
		int bytes = body.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > settings.maxBodyBytes()) {
			throw new ChatRejected(Rejection.TOO_LONG, "The message is " + bytes + " bytes; the limit is "
					+ settings.maxBodyBytes() + ".");
		}
	}

	/** The outcome of a send: the stored message, and whether it had been stored before. */
	public record Sent(MessageView message, boolean duplicate) {
	}

}
