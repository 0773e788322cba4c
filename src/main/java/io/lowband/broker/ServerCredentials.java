package io.lowband.broker;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The identity Lowband's own MQTT connection (the one that installs the edge) uses on the embedded broker. The
 * username cannot be a member's (usernames never start with {@code $}); the password is new at every start and never
 * leaves the JVM.
 */
public record ServerCredentials(String username, byte[] password) {

	static ServerCredentials generate() {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		return new ServerCredentials("$lowband", Base64.getUrlEncoder().withoutPadding().encode(secret));
	}

	boolean matches(String username, byte[] password) {
		return this.username.equals(username) && password != null
				&& java.security.MessageDigest.isEqual(this.password, password);
	}

	/** The password as text, for MQTT client libraries that take a char array or a string. */
	public String passwordText() {
		return new String(password, java.nio.charset.StandardCharsets.US_ASCII);
	}

	@Override
	public String toString() {
		return "ServerCredentials[" + username + "]";
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof ServerCredentials that && username.equals(that.username)
				&& Arrays.equals(password, that.password);
	}

	@Override
	public int hashCode() {
		return username.hashCode();
	}

}
