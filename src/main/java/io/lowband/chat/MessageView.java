package io.lowband.chat;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A stored chat message as clients see it, over MQTT and REST alike. {@code replyTo} and {@code attachment} are
 * left out of the JSON when the message has none.
 */
public record MessageView(String id, String room, long seq, String from, String body, Instant ts,
		@JsonInclude(JsonInclude.Include.NON_NULL) Long replyTo,
		@JsonInclude(JsonInclude.Include.NON_NULL) AttachmentRef attachment) {

	public MessageView(String id, String room, long seq, String from, String body, Instant ts) {
		this(id, room, seq, from, body, ts, null, null);
	}

}
