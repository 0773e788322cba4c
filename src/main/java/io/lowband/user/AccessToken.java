package io.lowband.user;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** An issued access token, stored by its SHA-256 so a copy of the database signs nobody in. */
@Document("tokens")
record AccessToken(@Id String hash, String username, Instant expiresAt, boolean revoked) {

	boolean isValidAt(Instant now) {
		return !revoked && now.isBefore(expiresAt);
	}

}
