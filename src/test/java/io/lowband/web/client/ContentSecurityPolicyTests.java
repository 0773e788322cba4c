package io.lowband.web.client;

import io.lowband.web.mqtt.MqttWebSocketEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

class ContentSecurityPolicyTests {

	private final MqttWebSocketEndpoint mqtt = mock(MqttWebSocketEndpoint.class);

	@Test
	void thePageMayConnectOnlyToThisServerAndTheBrokersWebsocketOnTheSameHost() {
		String policy = new ContentSecurityPolicy(mqtt, new ClientSettings(null)).policy("chat.example.com", 8083);

		assertThat(policy).contains("script-src 'self';")
			.contains("connect-src 'self' ws://chat.example.com:8083 wss://chat.example.com:8083;")
			.doesNotContain("unsafe-inline")
			.doesNotContain("unsafe-eval");
	}

	@Test
	void aConfiguredWebsocketUrlReplacesTheGuess() {
		String policy = new ContentSecurityPolicy(mqtt, new ClientSettings("wss://mqtt.example.com/mqtt"))
			.policy("chat.example.com", 8083);

		assertThat(policy).contains("connect-src 'self' wss://mqtt.example.com/mqtt;").doesNotContain("chat.example.com");
	}

	@Test
	void aHostNameThatCouldInjectDirectivesIsLeftOut() {
		String policy = new ContentSecurityPolicy(mqtt, new ClientSettings(null)).policy("evil.com; script-src *", 8083);

		assertThat(policy).contains("connect-src 'self';").doesNotContain("evil");
	}

	@Test
	void ipv6LiteralsAreKept() {
		assertThat(new ContentSecurityPolicy(mqtt, new ClientSettings(null)).policy("[::1]", 8083))
			.contains("ws://[::1]:8083");
	}

}
