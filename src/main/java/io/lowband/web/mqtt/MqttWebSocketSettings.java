package io.lowband.web.mqtt;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * MQTT over WebSocket on the HTTP port.
 *
 * @param enabled serve it at the broker's WebSocket path ({@code lowband.broker.websocket-path}, {@code /mqtt}) on
 * the HTTP port, and send the browser UI there: page, REST and MQTT then share one port and one TLS setup. The
 * broker's own WebSocket listener stays as set ({@code lowband.broker.websocket-port}; -1 turns it off).
 */
@Validated
@ConfigurationProperties("lowband.web.mqtt-websocket")
record MqttWebSocketSettings(@DefaultValue("true") boolean enabled) {
}
