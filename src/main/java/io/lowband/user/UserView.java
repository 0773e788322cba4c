package io.lowband.user;

/** What others may see of an account. */
public record UserView(String username, String displayName) {
}
