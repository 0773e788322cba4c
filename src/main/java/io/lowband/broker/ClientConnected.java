package io.lowband.broker;

/** An MQTT client finished its CONNECT handshake. */
public record ClientConnected(String clientId, String username) {
}
