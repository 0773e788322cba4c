package io.lowband.web.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lowband.broker.MqttBroker;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells the browser UI where the broker's WebSocket listener is. The page builds
 * {@code ws(s)://<its own host name>:<port><path>} from it, unless a full URL is configured.
 */
@RestController
class ClientConfigController {

	private final MqttBroker broker;

	private final ClientSettings settings;

	ClientConfigController(MqttBroker broker, ClientSettings settings) {
		this.broker = broker;
		this.settings = settings;
	}

	@GetMapping("/api/config")
	ClientConfig config() {
		return new ClientConfig(broker.websocketPort(), broker.websocketPath(), settings.url());
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ClientConfig(int mqttWebsocketPort, String mqttWebsocketPath, String mqttWebsocketUrl) {
	}

}
