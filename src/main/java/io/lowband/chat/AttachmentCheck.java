package io.lowband.chat;

/**
 * Who may attach what, asked of the attachment module (which depends on the chat, not the other way round) before
 * a message with an attachment is stored.
 */
public interface AttachmentCheck {

	/**
	 * The upload as it is stored, when it exists, is complete and was uploaded by {@code sender}; from then on the
	 * members of {@code roomId} may download it.
	 * @throws ChatRejected ({@link Rejection#BAD_ATTACHMENT}) otherwise
	 */
	AttachmentRef share(String attachmentId, String sender, String roomId);

}
