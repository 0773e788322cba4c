package io.lowband.chat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Service;

/**
 * Search over the rooms someone is in, newest first: a case-insensitive substring of the body or the attachment's
 * name. Neither store has an index for that which both share (the embedded store has no text index), so it walks
 * the rooms backwards by seq, by keys as history does, merged by time, and reads at most {@link #MAX_SCAN} messages
 * per request. A page may so hold fewer than {@code limit} hits and still have a {@code nextBefore}: the cursor
 * says where each room's walk stopped, and the next request goes on from there.
 */
@Service
public class MessageSearch {

	/** Messages one request examines at most, whatever it finds. */
	public static final int MAX_SCAN = 2000;

	/** Each room's newest few are read first, so that many rooms cost little when the hits are recent. */
	private static final int FIRST_BLOCK = 4;

	private static final int BLOCK = 100;

	private final MongoTemplate mongo;

	private final Rooms rooms;

	private final MessageLog log;

	MessageSearch(MongoTemplate mongo, Rooms rooms, MessageLog log) {
		this.mongo = mongo;
		this.rooms = rooms;
		this.log = log;
	}

	/**
	 * @param room only this room (the reader must be in it), or null for all of the reader's rooms
	 * @param before a {@code nextBefore} of an earlier page, or null for the newest
	 */
	public Page search(String reader, String text, String room, String before, int limit) {
		String needle = text.strip().toLowerCase(Locale.ROOT);
		if (needle.isEmpty()) {
			throw new ChatRejected(Rejection.BAD_REQUEST, "Say what to search for: q must not be empty.");
		}
		Set<String> scope = (room != null) ? Set.of(rooms.requireMembership(room, reader).id())
				: rooms.of(reader).stream().map(RoomView::id).collect(Collectors.toSet());
		Map<String, Long> positions = (before == null) ? new LinkedHashMap<>() : Cursor.decode(before, scope);
		if (before == null) {
			scope.forEach((roomId) -> positions.put(roomId, Long.MAX_VALUE));
		}
		positions.replaceAll((roomId, position) -> Math.min(position, log.lastSeq(roomId) + 1));
		PriorityQueue<Walk> walks = new PriorityQueue<>(
				Comparator.comparing((Walk w) -> w.head().ts()).thenComparing((w) -> w.head().key()).reversed());
		positions.forEach((roomId, position) -> new Walk(roomId, position).enqueue(walks));
		List<MessageView> hits = new ArrayList<>();
		int scanned = 0;
		while (!walks.isEmpty() && hits.size() < limit && scanned < MAX_SCAN) {
			Walk walk = walks.poll();
			StoredMessage message = walk.take();
			positions.put(walk.room, message.seq());
			scanned++;
			if (matches(message, needle)) {
				hits.add(message.view());
			}
			walk.enqueue(walks);
		}
		positions.values().removeIf((position) -> position <= 1);
		return new Page(hits, positions.isEmpty() ? null : Cursor.encode(positions));
	}

	private static boolean matches(StoredMessage message, String needle) {
		return (message.body() != null && message.body().toLowerCase(Locale.ROOT).contains(needle))
				|| (message.attachment() != null && message.attachment().name() != null
						&& message.attachment().name().toLowerCase(Locale.ROOT).contains(needle));
	}

	/** One room's messages below a seq, newest first, read in blocks by key. */
	private final class Walk {

		private final String room;

		private final Deque<StoredMessage> buffer = new ArrayDeque<>();

		private long below;

		private int blocks;

		Walk(String room, long below) {
			this.room = room;
			this.below = below;
		}

		/** Back in the queue while it has messages left. */
		void enqueue(PriorityQueue<Walk> walks) {
			if (buffer.isEmpty() && below > 1) {
				long from = Math.max(1, below - ((blocks++ == 0) ? FIRST_BLOCK : BLOCK));
				StoredMessage.range(mongo, room, from, below - 1).forEach(buffer::addFirst);
				below = from;
			}
			if (!buffer.isEmpty()) {
				walks.add(this);
			}
		}

		StoredMessage head() {
			return buffer.peekFirst();
		}

		StoredMessage take() {
			return buffer.pollFirst();
		}

	}

	/** Where each room's walk stopped: {@code room:seq,...}, base64url, opaque to clients. */
	private static final class Cursor {

		static String encode(Map<String, Long> positions) {
			String plain = positions.entrySet()
				.stream()
				.map((e) -> e.getKey() + ":" + e.getValue())
				.collect(Collectors.joining(","));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
		}

		/** Only rooms still in scope: someone who left a room since the last page no longer searches it. */
		static Map<String, Long> decode(String cursor, Set<String> scope) {
			Map<String, Long> positions = new LinkedHashMap<>();
			try {
				String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
				for (String part : plain.split(",")) {
					int colon = part.lastIndexOf(':');
					String roomId = part.substring(0, colon);
					if (scope.contains(roomId)) {
						positions.put(roomId, Long.parseLong(part.substring(colon + 1)));
					}
				}
			}
			catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
				throw new ChatRejected(Rejection.BAD_REQUEST, "The search cursor is not one this server gave.");
			}
			return positions;
		}

	}

	/**
	 * Hits, newest first, and the cursor for the next (older) page, null when every room was searched to its
	 * start.
	 */
	public record Page(List<MessageView> messages, String nextBefore) {
	}

}
