package io.lowband.chat;

/** A send could not be stored now (the store failed, or Lowband is stopping); the same send may be tried again. */
public class SendNotStored extends RuntimeException {

	public SendNotStored(String message, Throwable cause) {
		super(message, cause);
	}

}
