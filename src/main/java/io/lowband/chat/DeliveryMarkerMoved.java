package io.lowband.chat;

/** A member's devices now hold every message of a room up to {@code seq}. */
public record DeliveryMarkerMoved(String roomId, String username, long seq) {
}
