package io.lowband.web.client;

import io.lowband.web.mqtt.MqttWebSocketEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class ClientConfigControllerTests {

	private final MqttWebSocketEndpoint mqtt = mock(MqttWebSocketEndpoint.class);

	private final HttpServletRequest request = mock(HttpServletRequest.class);

	@Test
	void tellsThePageTheWebsocketPortAndPath() {
		given(mqtt.port(request)).willReturn(41234);
		given(mqtt.path()).willReturn("/mqtt");

		ClientConfigController.ClientConfig config = new ClientConfigController(mqtt, new ClientSettings(null))
			.config(request);

		assertThat(config).isEqualTo(new ClientConfigController.ClientConfig(41234, "/mqtt", null));
	}

	@Test
	void passesOnAConfiguredUrlForPagesBehindAProxy() {
		given(mqtt.port(request)).willReturn(8083);
		given(mqtt.path()).willReturn("/mqtt");

		ClientConfigController.ClientConfig config = new ClientConfigController(mqtt,
				new ClientSettings(" wss://chat.example.com/mqtt ")).config(request);

		assertThat(config.mqttWebsocketUrl()).isEqualTo("wss://chat.example.com/mqtt");
	}

}
