package io.lowband.broker;

import java.net.InetSocketAddress;
import java.util.Collection;

/**
 * The embedded MQTT broker as the rest of Lowband sees it.
 */
public interface MqttBroker {

	/** The port MQTT over TCP listens on (the real one when the setting was 0). */
	int tcpPort();

	/** The port MQTT over WebSocket listens on (the real one when the setting was 0); WSS when TLS is on. */
	int websocketPort();

	/** Where Lowband itself reaches the TCP listener: its address, or loopback when it listens on all of them. */
	InetSocketAddress tcpAddress();

	/** The largest MQTT packet the broker accepts ({@code lowband.broker.max-message-bytes}). */
	int maxPacketBytes();

	/** The port MQTT over TLS listens on (the real one when the setting was 0), or -1 when TLS is off. */
	int tlsPort();

	/** Where MQTT over WebSocket on the HTTP port records who is behind each of its connections to the broker. */
	ProxiedClients proxiedClients();

	/** The HTTP path of the WebSocket endpoint, such as {@code /mqtt}. */
	String websocketPath();

	/** True once both listeners accept connections, until shutdown begins. */
	boolean isListening();

	/**
	 * Whether a client with this id is connected now, as the broker's sessions say. Its connection events can't tell:
	 * when a client reconnects before the broker noticed its old connection die, Moquette reports the old
	 * connection's loss before the new connection, after it, or not at all.
	 */
	boolean isConnected(String clientId);

	/** Publishes as the server itself: access rules for clients do not apply. */
	void publish(String topic, byte[] payload, int qos, boolean retain);

	/**
	 * Drops, at once, every subscription (shared ones too) of these sessions that matches {@code topic}, connected or
	 * not, so nothing published there from now on reaches or is queued for them; their connections stay open. This
	 * is how a lost right takes effect.
	 */
	void revokeSubscriptions(Collection<String> clientIds, String topic);

	/**
	 * Closes every connection that signed in with this credential (see {@link ConnectVerdict.Admitted}), at once:
	 * this is how revoking an access token takes effect. Returns how many were closed.
	 */
	int closeConnectionsUsing(String credentialId);

	/** Closes one client's connection without a DISCONNECT, as a broken network would; its session stays. */
	boolean dropConnection(String clientId);

	/** Closes every connection of a user, as above; their sessions stay. */
	void disconnectUser(String username);

	/** What Lowband's own MQTT connections (the hook that installs the edge) log in with. */
	ServerCredentials serverCredentials();

}
