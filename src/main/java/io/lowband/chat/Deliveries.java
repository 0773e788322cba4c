package io.lowband.chat;

import java.util.Collection;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Per-member delivery markers, kept in MongoDB: the last seq of each room that a member's devices confirmed holding
 * without a gap (a catch-up request names it; reading up to a seq implies it). This is the member's offline state
 * that survives whatever the broker forgets, and the room hears of each move as a delivery receipt.
 */
@Component
public class Deliveries {

	private final MongoTemplate mongo;

	private final MessageLog log;

	private final ApplicationEventPublisher events;

	Deliveries(MongoTemplate mongo, MessageLog log, ApplicationEventPublisher events) {
		this.mongo = mongo;
		this.log = log;
		this.events = events;
	}

	public long deliveredMarker(String roomId, String username) {
		return ForwardMarkers.current(mongo, DeliveryMarker.class, roomId, username);
	}

	/** How far the devices of each of {@code usernames} hold the room. */
	public Map<String, Long> deliveredMarkers(String roomId, Collection<String> usernames) {
		return ForwardMarkers.of(mongo, DeliveryMarker.class, roomId, usernames);
	}

	/** Moves the member's delivery marker forward to {@code seq} (never back, never past the last message). */
	long markDelivered(String roomId, String username, long seq) {
		ForwardMarkers.Move move = ForwardMarkers.move(mongo, DeliveryMarker.class, roomId, username, seq,
				log.lastSeq(roomId));
		if (move.moved()) {
			events.publishEvent(new DeliveryMarkerMoved(roomId, username, move.after()));
		}
		return move.after();
	}

}
