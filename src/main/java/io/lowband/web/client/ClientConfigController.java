package io.lowband.web.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lowband.web.mqtt.MqttWebSocketEndpoint;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells the browser UI where the broker's WebSocket listener is. The page builds
 * {@code ws(s)://<its own host name>:<port><path>} from it, unless a full URL is configured.
 */
@RestController
class ClientConfigController {

	private final MqttWebSocketEndpoint mqtt;

	private final ClientSettings settings;

	ClientConfigController(MqttWebSocketEndpoint mqtt, ClientSettings settings) {
		this.mqtt = mqtt;
		this.settings = settings;
	}

	@GetMapping("/api/config")
	ClientConfig config(HttpServletRequest request) {
		return new ClientConfig(mqtt.port(request), mqtt.path(), settings.url());
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ClientConfig(int mqttWebsocketPort, String mqttWebsocketPath, String mqttWebsocketUrl) {
	}

}
