package io.lowband.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

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

	/** The room's messages {@code from} to {@code to}, in seq order: seqs have no gaps, so these are their keys. */
	static List<StoredMessage> range(MongoTemplate mongo, String room, long from, long to) {
		if (to < from) {
			return List.of();
		}
		List<String> keys = new ArrayList<>();
		for (long seq = from; seq <= to; seq++) {
			keys.add(key(room, seq));
		}
		return mongo.find(Query.query(Criteria.where("_id").in(keys)), StoredMessage.class)
			.stream()
			.sorted(Comparator.comparingLong(StoredMessage::seq))
			.toList();
	}

	MessageView view() {
		return new MessageView(clientId, room, seq, from, body, ts, replyTo, attachment);
	}

}
