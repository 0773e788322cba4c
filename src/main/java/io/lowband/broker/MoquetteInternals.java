package io.lowband.broker;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Map;

import io.moquette.broker.IRetainedRepository;
import io.moquette.broker.Server;

/**
 * The two things Lowband needs from Moquette 0.18 that it keeps private: the bound ports and the retained-message
 * store. Both are read reflectively; the version is pinned in the pom and the integration tests use both (a late
 * subscriber over WebSocket gets a QoS 0 retained message), so an upgrade that moves them fails the build rather
 * than production.
 */
final class MoquetteInternals {

	private static final String TCP_PROTOCOL = "TCP MQTT";

	private static final String WEBSOCKET_PROTOCOL = "Websocket MQTT";

	private MoquetteInternals() {
	}

	static int tcpPort(Server server) {
		return boundPort(server, TCP_PROTOCOL);
	}

	static int websocketPort(Server server) {
		return boundPort(server, WEBSOCKET_PROTOCOL);
	}

	private static int boundPort(Server server, String protocol) {
		Map<?, ?> ports = (Map<?, ?>) read(read(server, "acceptor"), "ports");
		// Moquette records each port from a bind listener that runs on its event loop, just after startServer.
		// Server.getPort() does not wait: it answers 0 (and stores that 0) when asked before the listener ran.
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			Object port = ports.get(protocol);
			if (port instanceof Integer bound && bound != 0) {
				return bound;
			}
			sleepBriefly();
		}
		throw new IllegalStateException("Moquette did not report a bound " + protocol + " port");
	}

	static IRetainedRepository retainedRepository(Server server) {
		return (IRetainedRepository) read(read(server, "dispatcher"), "retainedRepository");
	}

	private static Object read(Object target, String name) {
		try {
			Field field = target.getClass().getDeclaredField(name);
			field.setAccessible(true);
			return field.get(target);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("This Moquette version has no field " + target.getClass().getSimpleName()
					+ "." + name + "; Lowband is built for 0.18.3", ex);
		}
	}

	private static void sleepBriefly() {
		try {
			Thread.sleep(5);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the broker's ports", ex);
		}
	}

}
