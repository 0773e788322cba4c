package io.lowband.chat;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Per-member markers in a room (how far they read, how far their devices hold) that only move forward and never
 * past the room's last message. The move is one atomic {@code $max} upsert, so concurrent moves never go back.
 */
final class ForwardMarkers {

	private ForwardMarkers() {
	}

	static String key(String roomId, String username) {
		return roomId + "|" + username;
	}

	static long current(MongoTemplate mongo, Class<? extends Marker> type, String roomId, String username) {
		Marker marker = mongo.findById(key(roomId, username), type);
		return (marker == null) ? 0 : marker.seq();
	}

	/** Where each of {@code usernames} stands in the room (0 for those with no marker yet), in one query. */
	static Map<String, Long> of(MongoTemplate mongo, Class<? extends Marker> type, String roomId,
			Collection<String> usernames) {
		Map<String, Long> seqs = new LinkedHashMap<>();
		usernames.forEach((username) -> seqs.put(username, 0L));
		Query byKey = Query.query(Criteria.where("_id").in(usernames.stream().map((u) -> key(roomId, u)).toList()));
		mongo.find(byKey, type).forEach((marker) -> seqs.put(marker.username(), marker.seq()));
		return seqs;
	}

	/** Moves the marker towards {@code seq}, clamped to {@code [0, lastSeq]}; answers where it was and where it is. */
	static Move move(MongoTemplate mongo, Class<? extends Marker> type, String roomId, String username, long seq,
			long lastSeq) {
		long before = current(mongo, type, roomId, username);
		long target = Math.min(Math.max(seq, 0), lastSeq);
		if (target <= before) {
			return new Move(before, before);
		}
		mongo.upsert(Query.query(Criteria.where("_id").is(key(roomId, username))),
				new Update().max("seq", target).set("room", roomId).set("username", username), type);
		return new Move(before, current(mongo, type, roomId, username));
	}

	/** A stored marker: the room, the member, and the seq it stands at. */
	interface Marker {

		String username();

		long seq();

	}

	record Move(long before, long after) {

		boolean moved() {
			return after > before;
		}

	}

}
