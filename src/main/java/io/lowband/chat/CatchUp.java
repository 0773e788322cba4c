package io.lowband.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Answers a sync request: for each of the user's rooms, every message after the seq the client holds (or, for a
 * room it did not name, after its read marker) goes to the user's inbox in seq order, in batches of bounded size,
 * then one {@code synced} event says where each room stands. MongoDB is the source, so this works whatever the
 * broker forgot: a restart, a new device, an expired session.
 */
@Service
public class CatchUp {

	public static final int BATCH = 100;

	private final Rooms rooms;

	private final History history;

	private final ApplicationEventPublisher events;

	private final Deliveries deliveries;

	CatchUp(Rooms rooms, History history, Deliveries deliveries, ApplicationEventPublisher events) {
		this.deliveries = deliveries;
		this.rooms = rooms;
		this.history = history;
		this.events = events;
	}

	/** @param held the last seq the client holds per room; rooms it leaves out start from the read marker */
	public void sync(String username, Map<String, Long> held) {
		Map<String, Long> standing = new LinkedHashMap<>();
		for (RoomView room : rooms.of(username)) {
			long from;
			if (held.containsKey(room.id())) {
				// The device holds everything up to there: that is delivered, whatever happens to this answer.
				from = held.get(room.id());
				deliveries.markDelivered(room.id(), username, from);
			}
			else {
				from = history.readMarker(room.id(), username);
			}
			standing.put(room.id(), sendAfter(username, room.id(), from));
		}
		events.publishEvent(new InboxEvent(username, Map.of("type", "synced", "rooms", standing)));
	}

	/** Sends the messages after {@code from} and answers the room's last seq. */
	private long sendAfter(String username, String roomId, long from) {
		Long after = Math.max(0, from);
		long lastSeq = 0;
		while (after != null) {
			History.Page page = history.after(roomId, username, after, BATCH);
			List<MessageView> batch = page.messages();
			if (!batch.isEmpty()) {
				events.publishEvent(new InboxEvent(username, Map.of("type", "messages", "room", roomId, "messages", batch)));
			}
			lastSeq = page.lastSeq();
			after = page.nextAfter();
		}
		return lastSeq;
	}

}
