package io.lowband.chat;

import java.util.Optional;

/**
 * Every MQTT topic of the chat protocol is built and parsed here (see docs/protocol.md). Room ids and usernames
 * never contain {@code /}, {@code +} or {@code #}, so each fits in one topic level.
 */
public final class ChatTopics {

	/** Every user's sends into every room (what the bridge subscribes to on an external broker). */
	public static final String ALL_INBOUND = "rooms/+/in/+";

	/** Catch-up requests of every user: {@code users/{username}/sync}. */
	public static final String ALL_SYNC_REQUESTS = "users/+/sync";

	/** Read markers moved over MQTT: {@code rooms/{roomId}/read/{username}}. */
	public static final String ALL_READ_MARKS = "rooms/+/read/+";

	private ChatTopics() {
	}

	public static String inbound(String roomId, String username) {
		return "rooms/" + roomId + "/in/" + username;
	}

	public static String messages(String roomId) {
		return "rooms/" + roomId + "/messages";
	}

	public static String inbox(String username) {
		return "users/" + username + "/inbox";
	}

	/** Where the server tells a room's members that someone read up to a seq. */
	public static String receipts(String roomId) {
		return "rooms/" + roomId + "/receipts";
	}

	public static String typing(String roomId, String username) {
		return "rooms/" + roomId + "/typing/" + username;
	}

	public static String presence(String username) {
		return "presence/" + username;
	}

	/** The room and sender of a topic like {@code rooms/{roomId}/in/{username}}, if it is one. */
	public static Optional<Inbound> parseInbound(String topic) {
		String[] levels = topic.split("/", -1);
		if (levels.length == 4 && levels[0].equals("rooms") && levels[2].equals("in") && !levels[1].isEmpty()
				&& !levels[3].isEmpty()) {
			return Optional.of(new Inbound(levels[1], levels[3]));
		}
		return Optional.empty();
	}

	/** A send's address: the sender comes from the topic, which the broker only lets that user publish on. */
	public record Inbound(String roomId, String username) {
	}

}
