package io.lowband.chat;

/**
 * A message someone sends into a room, before it is stored: {@code clientId} is the sender's id for it,
 * {@code replyTo} the seq of the room's message it answers and {@code attachment} the upload it carries (both
 * optional).
 */
public record Draft(String roomId, String from, String clientId, String body, Long replyTo, AttachmentRef attachment) {

	public Draft(String roomId, String from, String clientId, String body) {
		this(roomId, from, clientId, body, null, null);
	}

	Draft withAttachment(AttachmentRef checked) {
		return new Draft(roomId, from, clientId, body, replyTo, checked);
	}

}
