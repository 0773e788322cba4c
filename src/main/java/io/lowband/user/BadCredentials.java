package io.lowband.user;

/** The username and password do not match an account. */
public class BadCredentials extends RuntimeException {

	public BadCredentials() {
		super("Wrong username or password.");
	}

}
