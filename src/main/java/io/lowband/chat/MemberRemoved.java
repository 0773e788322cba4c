package io.lowband.chat;

/** Someone left a room or was removed from it; from now on they neither read nor write it. */
public record MemberRemoved(String roomId, String username) {
}
