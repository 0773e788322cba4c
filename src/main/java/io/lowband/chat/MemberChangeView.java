package io.lowband.chat;

import java.time.Instant;

/** A change of a room's members as its members see it: {@code added}, {@code left} or {@code removed}. */
public record MemberChangeView(String change, String user, String by, Instant ts) {
}
