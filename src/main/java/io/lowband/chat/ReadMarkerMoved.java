package io.lowband.chat;

/** A member read a room up to {@code seq}: the room's members are told (a read receipt). */
public record ReadMarkerMoved(String roomId, String username, long seq) {
}
