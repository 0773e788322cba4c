package io.lowband.chat;

import java.util.Map;

/** Something a user should hear about on their inbox topic: added to a room, removed, a rejected send. */
public record InboxEvent(String username, Map<String, Object> body) {
}
