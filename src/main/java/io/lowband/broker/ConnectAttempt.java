package io.lowband.broker;

/**
 * A CONNECT as the broker received it, to be admitted or refused by {@link BrokerAccess#admit}.
 *
 * @param clientId the client id the client sent; empty when it asked the broker to choose one
 * @param username null when the client sent none
 * @param password null when the client sent none
 * @param address the client's IP address as text, for per-address limits
 */
public record ConnectAttempt(String clientId, String username, byte[] password, String address) {

	public boolean isAnonymous() {
		return username == null || username.isEmpty();
	}

}
