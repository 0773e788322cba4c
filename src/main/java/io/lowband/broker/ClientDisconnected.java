package io.lowband.broker;

/**
 * An MQTT client went away.
 *
 * @param clean true when the client sent DISCONNECT, false when the connection was lost (its will, if any, is
 * published)
 */
public record ClientDisconnected(String clientId, String username, boolean clean) {
}
