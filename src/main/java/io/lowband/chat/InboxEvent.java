package io.lowband.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/** Something a user should hear about on their inbox topic: added to a room, removed, a rejected send. */
public record InboxEvent(String username, Map<String, Object> body) {

	/** The answer to a send that was refused: which one (room and client id, as far as known) and why. */
	public static InboxEvent rejected(String username, String roomId, String clientId, ChatRejected why) {
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "rejected");
		event.put("room", roomId);
		event.put("id", clientId);
		event.put("reason", why.rejection().code());
		event.put("detail", why.getMessage());
		return new InboxEvent(username, event);
	}

}
