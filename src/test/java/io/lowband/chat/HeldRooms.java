package io.lowband.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.JsonNode;

/**
 * What a chat app holds of the rooms it follows: each room as seq → message, so that a message that comes twice
 * (live and by sync, or redelivered) is kept once. A second copy that differs from the first is a conflict.
 */
final class HeldRooms {

	private final Map<String, NavigableMap<Long, JsonNode>> rooms = new LinkedHashMap<>();

	private final Map<String, Long> lastWithoutGap = new LinkedHashMap<>();

	private final List<String> conflicts = new ArrayList<>();

	private final AtomicInteger live = new AtomicInteger();

	private final AtomicInteger bySync = new AtomicInteger();

	private final AtomicInteger repeats = new AtomicInteger();

	HeldRooms(List<String> roomIds) {
		roomIds.forEach((room) -> {
			rooms.put(room, new TreeMap<>());
			lastWithoutGap.put(room, 0L);
		});
	}

	/**
	 * Keeps a message of a followed room unless its seq is held already.
	 * @return whether the message shows a gap: its seq is beyond the last one held without a gap, plus one
	 */
	synchronized boolean hold(JsonNode message, boolean isLive) {
		NavigableMap<Long, JsonNode> room = rooms.get(message.get("room").asString());
		if (room == null) {
			return false;
		}
		long seq = message.get("seq").asLong();
		JsonNode earlier = room.putIfAbsent(seq, message);
		if (earlier != null) {
			repeats.incrementAndGet();
			if (!earlier.equals(message)) {
				conflicts.add("seq " + seq + " came as " + earlier + " and as " + message);
			}
			return false;
		}
		(isLive ? live : bySync).incrementAndGet();
		String roomId = message.get("room").asString();
		long last = lastWithoutGap.get(roomId);
		while (room.containsKey(last + 1)) {
			last++;
		}
		lastWithoutGap.put(roomId, last);
		return seq > last;
	}

	/** Per room, the last seq held with none missing before it: what a sync request names. */
	synchronized Map<String, Long> lastWithoutGap() {
		return new LinkedHashMap<>(lastWithoutGap);
	}

	/** The room in seq order. */
	synchronized List<JsonNode> view(String roomId) {
		return List.copyOf(rooms.get(roomId).values());
	}

	synchronized List<String> conflicts() {
		return List.copyOf(conflicts);
	}

	synchronized String summary() {
		List<Long> missing = new ArrayList<>();
		int held = 0;
		long lastSeq = 0;
		for (NavigableMap<Long, JsonNode> room : rooms.values()) {
			held += room.size();
			long last = room.isEmpty() ? 0 : room.lastKey();
			lastSeq = Math.max(lastSeq, last);
			for (long seq = 1; seq < last; seq++) {
				if (!room.containsKey(seq)) {
					missing.add(seq);
				}
			}
		}
		return "holding " + held + " (last seq " + lastSeq + ", missing below it " + missing + ") from live fan-out "
				+ live.get() + ", from sync " + bySync.get() + ", copies dropped as already held " + repeats.get();
	}

}
