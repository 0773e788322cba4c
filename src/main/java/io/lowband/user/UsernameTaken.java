package io.lowband.user;

/** Someone already has that username. */
public class UsernameTaken extends RuntimeException {

	public UsernameTaken(String username) {
		super("The username " + username + " is taken.");
	}

}
