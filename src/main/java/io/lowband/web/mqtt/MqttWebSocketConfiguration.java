package io.lowband.web.mqtt;

import io.lowband.broker.MqttBroker;
import jakarta.annotation.PreDestroy;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * MQTT over WebSocket at the broker's WebSocket path on the HTTP port ({@link MqttWebSocketSettings}). Any origin may
 * open it, as with the broker's own listener: the credentials travel in MQTT's CONNECT, never in a cookie, so another
 * site's page gains nothing by opening it in a visitor's browser.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@ConditionalOnProperty(prefix = "lowband.web.mqtt-websocket", name = "enabled", matchIfMissing = true)
class MqttWebSocketConfiguration implements WebSocketConfigurer {

	/** An MQTT packet's fixed header: one byte of type and flags, up to four of length. */
	private static final int FIXED_HEADER_BYTES = 5;

	private final MqttBroker broker;

	private final MqttWebSocketHandler handler;

	MqttWebSocketConfiguration(MqttBroker broker) {
		this.broker = broker;
		this.handler = new MqttWebSocketHandler(broker);
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(handler, broker.websocketPath()).setAllowedOriginPatterns("*");
	}

	@PreDestroy
	void stop() {
		handler.stop();
	}

	/** The frame limit is the broker's packet limit, as on its own WebSocket listener; larger frames close. */
	@Bean
	ServletServerContainerFactoryBean webSocketContainer() {
		ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
		container.setMaxBinaryMessageBufferSize(broker.maxPacketBytes() + FIXED_HEADER_BYTES);
		container.setMaxTextMessageBufferSize(1024);
		return container;
	}

}
