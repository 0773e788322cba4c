package io.lowband.broker;

/**
 * How a publish the server took (see {@link EdgeIntake}) ended, as the MQTT 5 reason code of its PUBACK or PUBREC.
 * MQTT 3.1.1 has no reason codes: its clients get a plain acknowledgement either way and learn of a refusal some
 * other way (the chat tells them on their inbox). A publish that could not be dealt with now (the store failed)
 * is not acknowledged at all: its stage fails, the connection is closed, and the client sends it again after
 * reconnecting, as MQTT asks of it.
 */
public enum PublishOutcome {

	/** Stored, or recognised as stored before. */
	ACCEPTED(0x00),

	/** Refused for good: the sender may not publish this here (not a member, unknown room). */
	NOT_AUTHORIZED(0x87),

	/** Refused for good: the payload is not what the topic takes (malformed, too long, no id). */
	PAYLOAD_FORMAT_INVALID(0x99);

	private final byte reasonCode;

	PublishOutcome(int reasonCode) {
		this.reasonCode = (byte) reasonCode;
	}

	byte reasonCode() {
		return reasonCode;
	}

}
