package io.lowband.chat;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Checks what a draft points at: the message it replies to and the upload it attaches. Seqs have no gaps, so an
 * earlier message of the room exists exactly when its seq is between 1 and the room's last seq.
 */
@Component
class DraftReferences {

	private final ObjectProvider<AttachmentCheck> attachments;

	DraftReferences(ObjectProvider<AttachmentCheck> attachments) {
		this.attachments = attachments;
	}

	/**
	 * The draft with its attachment as stored (name, type and size are the upload's, not what the client said).
	 * @param lastSeq the room's last seq before this draft
	 * @throws ChatRejected when it replies to no earlier message or attaches no finished upload of the sender's
	 */
	Draft check(Draft draft, long lastSeq) {
		Long replyTo = draft.replyTo();
		if (replyTo != null && (replyTo < 1 || replyTo > lastSeq)) {
			throw new ChatRejected(Rejection.BAD_REPLY,
					"There is no message " + replyTo + " in this room to reply to; its last message is " + lastSeq + ".");
		}
		AttachmentRef attachment = draft.attachment();
		if (attachment == null) {
			return draft;
		}
		AttachmentCheck check = attachments.getIfAvailable();
		if (check == null || attachment.id() == null) {
			throw new ChatRejected(Rejection.BAD_ATTACHMENT);
		}
		return draft.withAttachment(check.share(attachment.id(), draft.from(), draft.roomId()));
	}

}
