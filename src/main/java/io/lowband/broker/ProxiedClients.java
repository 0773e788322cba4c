package io.lowband.broker;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real address of clients whose connection reaches the broker through a proxy inside Lowband (MQTT over
 * WebSocket on the HTTP port): such a connection comes from loopback, and without this every one of them would
 * share one address in the sign-in limits, so one guesser would throttle everyone's password sign-ins.
 */
public final class ProxiedClients {

	private final Map<SocketAddress, InetSocketAddress> clients = new ConcurrentHashMap<>();

	/** @param proxySide the address the proxy's connection to the broker comes from */
	public void add(SocketAddress proxySide, InetSocketAddress client) {
		clients.put(proxySide, client);
	}

	public void remove(SocketAddress proxySide) {
		clients.remove(proxySide);
	}

	/** The client behind a connection from this address, or the address itself. */
	SocketAddress behind(SocketAddress remote) {
		InetSocketAddress client = (remote != null) ? clients.get(remote) : null;
		return (client != null) ? client : remote;
	}

}
