package io.lowband.user;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A person who can sign in. The username is the key: it never changes and appears in MQTT topics. */
@Document("accounts")
record Account(@Id String username, String passwordHash, String displayName, Instant createdAt) {

	UserView view() {
		return new UserView(username, displayName);
	}

}
