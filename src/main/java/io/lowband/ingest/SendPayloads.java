package io.lowband.ingest;

import io.lowband.chat.ChatRejected;
import io.lowband.chat.Draft;
import io.lowband.chat.Rejection;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reads a send's payload, {@code {"id": "...", "body": "..."}} (docs/protocol.md); the chat checks the fields. */
final class SendPayloads {

	private SendPayloads() {
	}

	/** @throws ChatRejected when the payload is not a JSON object */
	static Draft draft(ObjectMapper json, String roomId, String from, byte[] payload) {
		JsonNode send;
		try {
			send = json.readTree(payload);
		}
		catch (JacksonException ex) {
			throw new ChatRejected(Rejection.MALFORMED);
		}
		if (send == null || !send.isObject()) {
			throw new ChatRejected(Rejection.MALFORMED);
		}
		return new Draft(roomId, from, textOrNull(send.get("id")), textOrNull(send.get("body")));
	}

	private static String textOrNull(JsonNode node) {
		return (node == null || !node.isString()) ? null : node.asString();
	}

}
