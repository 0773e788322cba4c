package io.lowband.web.mqtt;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lowband.broker.MqttBroker;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * MQTT over WebSocket on the HTTP port: each WebSocket session is joined to a connection of its own to the broker's
 * TCP listener, and MQTT bytes pass through unchanged. So the broker signs in, limits and holds back these clients
 * exactly as it does the others, with one difference it is told about: they come from loopback, so each connection's
 * real address is registered ({@link io.lowband.broker.ProxiedClients}) for the sign-in limits.
 * <p>
 * Back-pressure holds both ways. A frame from the browser is handed on at once while the broker connection takes
 * more, and otherwise only once it has (the container reads no further frames of that session meanwhile, so a
 * flooding client slows itself down, as on the broker's own listeners); the broker connection is not read while
 * more than {@link BrokerToBrowser#PAUSE_ABOVE} bytes wait to go to the browser.
 */
class MqttWebSocketHandler extends BinaryWebSocketHandler implements SubProtocolCapable {

	/** A frame waits at most this long for the broker connection before the session is given up. */
	private static final long WRITE_WAIT_SECONDS = 30;

	/** What may wait for a slow browser, and for how long, before its session is closed: well above the pause. */
	private static final int SEND_BUFFER_LIMIT = 4 * 1024 * 1024;

	private static final int SEND_TIME_LIMIT_MILLIS = 30_000;

	private static final String BROKER_CONNECTION = "lowband.brokerConnection";

	private static final Logger log = LoggerFactory.getLogger(MqttWebSocketHandler.class);

	private final MqttBroker broker;

	private final EventLoopGroup loop = new NioEventLoopGroup(2, new DefaultThreadFactory("lowband-mqtt-websocket",
			true));

	MqttWebSocketHandler(MqttBroker broker) {
		this.broker = broker;
	}

	/** {@code mqtt} for MQTT 3.1.1 and 5, {@code mqttv3.1} for the old name MQTT.js still offers. */
	@Override
	public List<String> getSubProtocols() {
		return List.of("mqtt", "mqttv3.1");
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws IOException {
		WebSocketSession toBrowser = new ConcurrentWebSocketSessionDecorator(session, SEND_TIME_LIMIT_MILLIS,
				SEND_BUFFER_LIMIT, ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
		ChannelFuture connecting = new Bootstrap().group(loop)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.handler(new BrokerToBrowser(toBrowser))
			.connect(broker.tcpAddress())
			.awaitUninterruptibly();
		if (!connecting.isSuccess()) {
			log.warn("MQTT over WebSocket: could not reach the broker at {}: {}", broker.tcpAddress(),
					String.valueOf(connecting.cause()));
			session.close(CloseStatus.SERVICE_RESTARTED);
			return;
		}
		Channel channel = connecting.channel();
		if (session.getRemoteAddress() != null) {
			broker.proxiedClients().add(channel.localAddress(), session.getRemoteAddress());
		}
		channel.closeFuture().addListener((closed) -> broker.proxiedClients().remove(channel.localAddress()));
		session.getAttributes().put(BROKER_CONNECTION, channel);
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
		Channel channel = (Channel) session.getAttributes().get(BROKER_CONNECTION);
		if (channel == null) {
			return;
		}
		// The container may reuse the frame's buffer once this returns.
		ByteBuf bytes = Unpooled.copiedBuffer(message.getPayload());
		ChannelFuture written = channel.writeAndFlush(bytes);
		if (!channel.isWritable()
				&& !(written.awaitUninterruptibly(WRITE_WAIT_SECONDS, TimeUnit.SECONDS) && written.isSuccess())) {
			session.close(CloseStatus.SESSION_NOT_RELIABLE);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		Channel channel = (Channel) session.getAttributes().remove(BROKER_CONNECTION);
		if (channel != null) {
			channel.close();
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable failure) {
		log.debug("MQTT over WebSocket from {}: {}", session.getRemoteAddress(), failure.toString());
	}

	void stop() {
		loop.shutdownGracefully(0, 2, TimeUnit.SECONDS);
	}

}
