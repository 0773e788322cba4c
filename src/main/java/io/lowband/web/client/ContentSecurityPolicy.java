package io.lowband.web.client;

import java.util.regex.Pattern;

import io.lowband.web.mqtt.MqttWebSocketEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.header.HeaderWriter;
import org.springframework.stereotype.Component;

/**
 * The browser UI's Content-Security-Policy: scripts, styles and everything else only from this server, and
 * connections only to it and to the MQTT WebSocket the page uses (see {@link ClientConfigController}). That address
 * depends on the host name the page was loaded from, so the header is built per request.
 */
@Component
public final class ContentSecurityPolicy implements HeaderWriter {

	static final String HEADER = "Content-Security-Policy";

	/** A host name or an IPv6 literal; anything else (it comes from the Host header) is left out. */
	private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

	/** An absolute ws(s) URL without characters that could end the directive. */
	private static final Pattern URL = Pattern.compile("wss?://[^\\s;,'\"]+");

	private final MqttWebSocketEndpoint mqtt;

	private final ClientSettings settings;

	ContentSecurityPolicy(MqttWebSocketEndpoint mqtt, ClientSettings settings) {
		this.mqtt = mqtt;
		this.settings = settings;
	}

	@Override
	public void writeHeaders(HttpServletRequest request, HttpServletResponse response) {
		if (!response.containsHeader(HEADER)) {
			response.setHeader(HEADER, policy(request.getServerName(), mqtt.port(request)));
		}
	}

	String policy(String host, int mqttPort) {
		// worker-src blob: MQTT.js runs its keep-alive timer in a worker it makes from a blob, so that background
		// tabs do not throttle it; only script already allowed here can create one. img-src blob: attachment
		// thumbnails are fetched with the access token and shown from blob URLs.
		return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'"
				+ websocket(host, mqttPort) + "; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'self'; "
				+ "frame-ancestors 'none'";
	}

	private String websocket(String host, int mqttPort) {
		String url = settings.url();
		if (url != null) {
			return URL.matcher(url).matches() ? " " + url : "";
		}
		if (host == null || !HOST.matcher(host).matches()) {
			return "";
		}
		String at = host + ":" + mqttPort;
		return " ws://" + at + " wss://" + at;
	}

}
