package io.lowband.chat;

/** Why a chat request was refused: a stable code for clients, an HTTP status for REST, and a sentence. */
public enum Rejection {

	MALFORMED("malformed", 400, "The message is not valid JSON of the form {\"id\": \"...\", \"body\": \"...\"}."),
	BAD_ID("bad-id", 400, "A message needs an id of 8 to 64 characters, chosen by the client."),
	EMPTY_BODY("empty-body", 400, "The message is empty."),
	BAD_REPLY("bad-reply", 400, "A reply names the seq of an earlier message of the same room."),
	BAD_ATTACHMENT("bad-attachment", 400, "The attachment is not a finished upload of yours."),
	TOO_LONG("too-long", 413, "The message is too long."),
	UNKNOWN_ROOM("unknown-room", 404, "There is no such room."),
	NOT_A_MEMBER("not-a-member", 403, "You are not a member of this room."),
	NOT_ALLOWED("not-allowed", 403, "Only the room's manager can remove other members."),
	UNKNOWN_USER("unknown-user", 404, "There is no such user."),
	BAD_REQUEST("bad-request", 400, "The request is not valid.");

	private final String code;

	private final int httpStatus;

	private final String sentence;

	Rejection(String code, int httpStatus, String sentence) {
		this.code = code;
		this.httpStatus = httpStatus;
		this.sentence = sentence;
	}

	public String code() {
		return code;
	}

	public int httpStatus() {
		return httpStatus;
	}

	public String sentence() {
		return sentence;
	}

}
