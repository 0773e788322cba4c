package io.lowband.chat;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A message as stored. The key is {@code room:seq}: a seq can be taken only once, and because seqs have no gaps a
 * page of history is a list of keys.
 */
@Document("messages")
record StoredMessage(@Id String key, String room, long seq, String clientId, String from, String body, Instant ts,
		Long replyTo, AttachmentRef attachment) {

	static String key(String room, long seq) {
		return room + ":" + seq;
	}

	MessageView view() {
		return new MessageView(clientId, room, seq, from, body, ts, replyTo, attachment);
	}

}
