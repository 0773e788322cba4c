package io.lowband.web.mqtt;

import jakarta.servlet.http.HttpServletRequest;

import io.lowband.broker.MqttBroker;

import org.springframework.stereotype.Component;

/** Where a page loaded by this request should open MQTT over WebSocket: the port it came in on, or the broker's. */
@Component
public class MqttWebSocketEndpoint {

	private final MqttBroker broker;

	private final boolean onHttpPort;

	MqttWebSocketEndpoint(MqttBroker broker, MqttWebSocketSettings settings) {
		this.broker = broker;
		this.onHttpPort = settings.enabled();
	}

	/**
	 * The port as the browser sees it ({@code getServerPort} reads the Host header, and with
	 * {@code server.forward-headers-strategy} a proxy's), so a page behind a proxy on 443 connects to 443.
	 */
	public int port(HttpServletRequest request) {
		return onHttpPort ? request.getServerPort() : broker.websocketPort();
	}

	public String path() {
		return broker.websocketPath();
	}

}
