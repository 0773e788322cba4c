package io.lowband.chat;

/** A message someone sends into a room, before it is stored: {@code clientId} is the sender's id for it. */
public record Draft(String roomId, String from, String clientId, String body) {
}
