package io.lowband.user;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A token revoked at {@code at}, kept a few minutes so that every instance sharing the database hears of it. */
@Document("revocations")
record Revocation(@Id String hash, String username, Instant at) {
}
