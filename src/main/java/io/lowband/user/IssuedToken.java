package io.lowband.user;

import java.time.Instant;

/** A freshly issued access token: the only moment its value is known to the server. */
public record IssuedToken(String token, Instant expiresAt, UserView user) {
}
