package io.lowband.chat;

import java.time.Instant;

/** A stored chat message as clients see it, over MQTT and REST alike. */
public record MessageView(String id, String room, long seq, String from, String body, Instant ts) {
}
