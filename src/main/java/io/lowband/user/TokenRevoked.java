package io.lowband.user;

/**
 * An access token was revoked: connections signed in with it must end.
 *
 * @param tokenId the SHA-256 hex id of the token, as in {@link SecretCheck#tokenId()}
 */
public record TokenRevoked(String username, String tokenId) {
}
