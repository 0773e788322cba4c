package io.lowband.web.client;

import io.lowband.broker.MqttBroker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class ContentSecurityPolicyTests {

	private final MqttBroker broker = mock(MqttBroker.class);

	@Test
	void thePageMayConnectOnlyToThisServerAndTheBrokersWebsocketOnTheSameHost() {
		given(broker.websocketPort()).willReturn(8083);

		String policy = new ContentSecurityPolicy(broker, new ClientSettings(null)).policy("chat.example.com");

		assertThat(policy).contains("script-src 'self';")
			.contains("connect-src 'self' ws://chat.example.com:8083 wss://chat.example.com:8083;")
			.doesNotContain("unsafe-inline")
			.doesNotContain("unsafe-eval");
	}

	@Test
	void aConfiguredWebsocketUrlReplacesTheGuess() {
		String policy = new ContentSecurityPolicy(broker, new ClientSettings("wss://mqtt.example.com/mqtt"))
			.policy("chat.example.com");

		assertThat(policy).contains("connect-src 'self' wss://mqtt.example.com/mqtt;").doesNotContain("chat.example.com");
	}

	@Test
	void aHostNameThatCouldInjectDirectivesIsLeftOut() {
		given(broker.websocketPort()).willReturn(8083);

		String policy = new ContentSecurityPolicy(broker, new ClientSettings(null)).policy("evil.com; script-src *");

		assertThat(policy).contains("connect-src 'self';").doesNotContain("evil");
	}

	@Test
	void ipv6LiteralsAreKept() {
		given(broker.websocketPort()).willReturn(8083);

		assertThat(new ContentSecurityPolicy(broker, new ClientSettings(null)).policy("[::1]"))
			.contains("ws://[::1]:8083");
	}

}
