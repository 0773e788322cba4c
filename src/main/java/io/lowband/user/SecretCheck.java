package io.lowband.user;

import java.time.Duration;
import java.time.Instant;

/**
 * What checking a sign-in secret found.
 *
 * @param outcome accepted, refused, or not even checked because of too many failures
 * @param tokenId the SHA-256 hex id of the access token used (the stored token's id), null when the account password
 * was used
 * @param validUntil when that token expires, null for a password
 * @param retryAfter how long to wait before trying again; set only when {@code THROTTLED}
 */
public record SecretCheck(Outcome outcome, String tokenId, Instant validUntil, Duration retryAfter) {

	public enum Outcome {

		ACCEPTED, REFUSED, THROTTLED

	}

	public boolean accepted() {
		return outcome == Outcome.ACCEPTED;
	}

	static SecretCheck token(AccessToken token) {
		return new SecretCheck(Outcome.ACCEPTED, token.hash(), token.expiresAt(), null);
	}

	static SecretCheck password() {
		return new SecretCheck(Outcome.ACCEPTED, null, null, null);
	}

	static SecretCheck refused() {
		return new SecretCheck(Outcome.REFUSED, null, null, null);
	}

	static SecretCheck throttled(Duration retryAfter) {
		return new SecretCheck(Outcome.THROTTLED, null, null, retryAfter);
	}

}
