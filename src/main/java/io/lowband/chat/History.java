package io.lowband.chat;

import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Reading a room: pages of history and read markers. Seqs have no gaps, so a page is fetched by its keys.
 */
@Service
public class History {

	public static final int MAX_PAGE = 200;

	private final MongoTemplate mongo;

	private final Rooms rooms;

	private final MessageLog log;

	private final ApplicationEventPublisher events;

	private final Deliveries deliveries;

	History(MongoTemplate mongo, Rooms rooms, MessageLog log, Deliveries deliveries, ApplicationEventPublisher events) {
		this.mongo = mongo;
		this.deliveries = deliveries;
		this.rooms = rooms;
		this.log = log;
		this.events = events;
	}

	/** Messages with seq greater than {@code after}, oldest first. */
	public Page after(String roomId, String reader, long after, int limit) {
		rooms.requireMembership(roomId, reader);
		long last = log.lastSeq(roomId);
		long from = Math.max(after, 0) + 1;
		long to = Math.min(last, from + limit - 1);
		List<MessageView> messages = load(roomId, from, to);
		Long next = (to < last) ? to : null;
		return new Page(messages, next, null, last);
	}

	/** Messages with seq less than {@code before} (the newest when absent), oldest first. */
	public Page before(String roomId, String reader, Long before, int limit) {
		rooms.requireMembership(roomId, reader);
		long last = log.lastSeq(roomId);
		long to = (before == null) ? last : Math.min(before - 1, last);
		long from = Math.max(1, to - limit + 1);
		List<MessageView> messages = load(roomId, from, to);
		Long previous = (from > 1 && to >= 1) ? from : null;
		return new Page(messages, null, previous, last);
	}

	public long readMarker(String roomId, String username) {
		return ForwardMarkers.current(mongo, ReadMarker.class, roomId, username);
	}

	/** How far each of the room's members has read, for a member of it. */
	public Map<String, Long> readMarkers(String roomId, String reader) {
		return ForwardMarkers.of(mongo, ReadMarker.class, roomId, rooms.requireMembership(roomId, reader).members());
	}

	/**
	 * Moves the read marker forward to {@code seq} (never back, never past the last message); when it moved, the
	 * room's members get a read receipt. What someone read, their devices hold: the delivery marker follows.
	 */
	public long markRead(String roomId, String username, long seq) {
		rooms.requireMembership(roomId, username);
		ForwardMarkers.Move move = ForwardMarkers.move(mongo, ReadMarker.class, roomId, username, seq,
				log.lastSeq(roomId));
		if (move.moved()) {
			events.publishEvent(new ReadMarkerMoved(roomId, username, move.after()));
			deliveries.markDelivered(roomId, username, move.after());
		}
		return move.after();
	}

	public long lastMessageSeq(String roomId) {
		return log.lastSeq(roomId);
	}

	public MessageView lastMessage(String roomId) {
		long last = log.lastSeq(roomId);
		StoredMessage message = (last == 0) ? null : mongo.findById(StoredMessage.key(roomId, last), StoredMessage.class);
		return (message == null) ? null : message.view();
	}

	private List<MessageView> load(String roomId, long from, long to) {
		return StoredMessage.range(mongo, roomId, from, to).stream().map(StoredMessage::view).toList();
	}

	/**
	 * A page of history in seq order, with the cursors for the next page forwards ({@code nextAfter}) and backwards
	 * ({@code nextBefore}); a cursor is null when there is nothing more that way.
	 */
	public record Page(List<MessageView> messages, Long nextAfter, Long nextBefore, long lastSeq) {
	}

}
