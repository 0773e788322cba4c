package io.lowband.chat;

/** A chat request was refused; nothing was changed. */
public class ChatRejected extends RuntimeException {

	private final Rejection rejection;

	public ChatRejected(Rejection rejection) {
		this(rejection, rejection.sentence());
	}

	public ChatRejected(Rejection rejection, String detail) {
		super(detail);
		this.rejection = rejection;
	}

	public Rejection rejection() {
		return rejection;
	}

}
