package io.lowband.web.client;

import io.lowband.broker.MqttBroker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class ClientConfigControllerTests {

	private final MqttBroker broker = mock(MqttBroker.class);

	@Test
	void tellsThePageTheBoundWebsocketPortAndPath() {
		given(broker.websocketPort()).willReturn(41234);
		given(broker.websocketPath()).willReturn("/mqtt");

		ClientConfigController.ClientConfig config = new ClientConfigController(broker, new ClientSettings(null)).config();

		assertThat(config).isEqualTo(new ClientConfigController.ClientConfig(41234, "/mqtt", null));
	}

	@Test
	void passesOnAConfiguredUrlForPagesBehindAProxy() {
		given(broker.websocketPort()).willReturn(8083);
		given(broker.websocketPath()).willReturn("/mqtt");

		ClientConfigController.ClientConfig config = new ClientConfigController(broker,
				new ClientSettings(" wss://chat.example.com/mqtt ")).config();

		assertThat(config.mqttWebsocketUrl()).isEqualTo("wss://chat.example.com/mqtt");
	}

}
