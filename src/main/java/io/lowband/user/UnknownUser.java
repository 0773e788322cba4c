package io.lowband.user;

/** No account has that username. */
public class UnknownUser extends RuntimeException {

	public UnknownUser(String username) {
		super("There is no user called " + username + ".");
	}

}
