package io.lowband.chat;

/** What became of one {@link Draft}. */
public sealed interface SendOutcome {

	/** Stored now, or ({@code duplicate}) found stored under the same client id before. */
	record Stored(MessageView message, boolean duplicate) implements SendOutcome {
	}

	/** Refused for good; nothing was stored. */
	record Refused(ChatRejected reason) implements SendOutcome {
	}

}
