package io.lowband.broker;

import java.time.Duration;
import java.time.Instant;

/** What {@link BrokerAccess#admit} decided about a CONNECT. */
public sealed interface ConnectVerdict {

	/**
	 * The client may connect.
	 * @param credentialId what it signed in with (an access token's id), so that revoking it closes the connection
	 * ({@link MqttBroker#closeConnectionsUsing}); null for a password or no credentials
	 * @param validUntil when that credential expires and the connection is closed; null for never
	 */
	record Admitted(String credentialId, Instant validUntil) implements ConnectVerdict {

		public static Admitted forever() {
			return new Admitted(null, null);
		}

	}

	/**
	 * The client may not connect, and hears why in its CONNACK.
	 * @param retryAfter for {@link Refusal#BUSY}: when trying again makes sense
	 */
	record Refused(Refusal reason, Duration retryAfter) implements ConnectVerdict {

		public Refused(Refusal reason) {
			this(reason, Duration.ZERO);
		}

	}

	/** Why a CONNECT was refused; each maps to one CONNACK code per MQTT version (docs/protocol.md). */
	enum Refusal {

		/** Unknown user, wrong password or token, or no credentials where they are required. */
		BAD_CREDENTIALS,
		/** The client id belongs to another user, or to the server. */
		CLIENT_ID_TAKEN,
		/** Too many failed attempts, or too many connects waiting to be checked: try again later. */
		BUSY,
		/**
		 * The server is shutting down, or could not check the CONNECT: the store failed, or did not answer in time.
		 */
		UNAVAILABLE

	}

}
