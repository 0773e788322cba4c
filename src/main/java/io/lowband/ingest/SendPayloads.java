package io.lowband.ingest;

import io.lowband.chat.AttachmentRef;
import io.lowband.chat.ChatRejected;
import io.lowband.chat.Draft;
import io.lowband.chat.Rejection;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a send's payload, {@code {"id": "...", "body": "..."}} with optional {@code "replyTo": <seq>} and
 * {@code "attachment": {"id": "..."}} (docs/protocol.md); the chat checks the fields.
 */
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
		return new Draft(roomId, from, textOrNull(send.get("id")), textOrNull(send.get("body")), replyTo(send),
				attachment(send.get("attachment")));
	}

	/** The client id of a payload refused as a whole, so the sender can tell which send it was; null if none. */
	static String idOrNull(ObjectMapper json, byte[] payload) {
		try {
			JsonNode send = json.readTree(payload);
			return (send != null && send.isObject()) ? textOrNull(send.get("id")) : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static Long replyTo(JsonNode send) {
		JsonNode replyTo = send.get("replyTo");
		if (replyTo == null || replyTo.isNull()) {
			return null;
		}
		if (!replyTo.isIntegralNumber() || !replyTo.canConvertToLong()) {
			throw new ChatRejected(Rejection.BAD_REPLY);
		}
		return replyTo.asLong();
	}

	/** Only the id counts: the chat takes name, type and size from the upload itself. */
	private static AttachmentRef attachment(JsonNode attachment) {
		if (attachment == null || attachment.isNull()) {
			return null;
		}
		String id = attachment.isObject() ? textOrNull(attachment.get("id")) : null;
		if (id == null) {
			throw new ChatRejected(Rejection.BAD_ATTACHMENT);
		}
		return new AttachmentRef(id, null, null, 0);
	}

	private static String textOrNull(JsonNode node) {
		return (node == null || !node.isString()) ? null : node.asString();
	}

}
