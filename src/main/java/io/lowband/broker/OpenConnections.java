package io.lowband.broker;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;

/**
 * Open MQTT connections by transport ({@code lowband.mqtt.connections}, tagged {@code transport=tcp|tls|websocket};
 * with TLS on, the WebSocket ones are WSS), told apart by the port that accepted them. Counted from accept to
 * close, signed in or not yet.
 */
final class OpenConnections {

	private final AtomicInteger tcp = new AtomicInteger();

	private final AtomicInteger tls = new AtomicInteger();

	private final AtomicInteger websocket = new AtomicInteger();

	OpenConnections(MeterRegistry meters) {
		register(meters, "tcp", tcp);
		register(meters, "tls", tls);
		register(meters, "websocket", websocket);
	}

	private static void register(MeterRegistry meters, String transport, AtomicInteger count) {
		Gauge.builder("lowband.mqtt.connections", count, AtomicInteger::get)
			.description("Open MQTT connections")
			.tag("transport", transport)
			.register(meters);
	}

	void opened(Channel channel, BoundPorts ports) {
		int port = (channel.localAddress() instanceof InetSocketAddress local) ? local.getPort() : -1;
		AtomicInteger count = (port == ports.websocket()) ? websocket : (port == ports.tls()) ? tls : tcp;
		count.incrementAndGet();
		channel.closeFuture().addListener((closed) -> count.decrementAndGet());
	}

}
