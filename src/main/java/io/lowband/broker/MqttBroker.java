package io.lowband.broker;

/**
 * The embedded MQTT broker as the rest of Lowband sees it.
 */
public interface MqttBroker {

	/** The port MQTT over TCP listens on (the real one when the setting was 0). */
	int tcpPort();

	/** The port MQTT over WebSocket listens on (the real one when the setting was 0). */
	int websocketPort();

	/** The HTTP path of the WebSocket endpoint, such as {@code /mqtt}. */
	String websocketPath();

	/** True once both listeners accept connections, until shutdown begins. */
	boolean isListening();

	/** Publishes as the server itself: access rules for clients do not apply. */
	void publish(String topic, byte[] payload, int qos, boolean retain);

	/**
	 * Closes every connection of a user. Their clients reconnect, and their subscriptions are checked again
	 * against the access rules then: this is how a changed right takes effect at once.
	 */
	void disconnectUser(String username);

	/** What Lowband's own MQTT clients log in with. */
	ServerCredentials serverCredentials();

}
