package io.lowband.chat;

/** A new message was stored with the next seq of its room; published in seq order, once per message. */
public record MessageStored(MessageView message) {
}
