package io.lowband.chat;

/**
 * A finished upload as a message carries it: its id (the tus upload id), file name, media type and size in bytes.
 */
public record AttachmentRef(String id, String name, String type, long size) {
}
