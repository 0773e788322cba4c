package io.lowband.web.client;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the browser UI is told about reaching the broker.
 *
 * @param mqttWebsocketUrl the full MQTT-over-WebSocket URL, for when a proxy serves it somewhere the page cannot
 * work out from its own address and the broker's port (for example {@code wss://chat.example.com/mqtt}); unset,
 * the page connects to its own host name at the broker's WebSocket port and path
 */
@ConfigurationProperties("lowband.client")
record ClientSettings(String mqttWebsocketUrl) {

	/** The configured URL, or null when the page works it out itself. */
	String url() {
		return (mqttWebsocketUrl == null || mqttWebsocketUrl.isBlank()) ? null : mqttWebsocketUrl.strip();
	}

}
