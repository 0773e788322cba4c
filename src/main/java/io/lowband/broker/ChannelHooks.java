package io.lowband.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.moquette.broker.ChannelHookingConnectionFactory;
import io.moquette.broker.Server;
import io.netty.channel.Channel;

/**
 * Lets Lowband add a Netty handler to every client connection of Moquette 0.18, which has no such extension point.
 * Moquette's one MQTT handler is shared by all transports but reachable only through a live connection, so this
 * opens one to the broker itself (as the server, clean session), finds its channel through the session registry,
 * and wraps the handler's connection factory (see {@link ChannelHookingConnectionFactory}). Connections accepted
 * from then on, over TCP and WebSocket, get the hook before their first packet is read.
 */
final class ChannelHooks {

	private static final int CONNACK_ACCEPTED = 0x20020000;

	private ChannelHooks() {
	}

	/** Must run before clients can connect: connections accepted earlier are not hooked. */
	static void install(Server server, int tcpPort, ServerCredentials credentials, Consumer<Channel> hook) {
		String clientId = "lowband-hook-" + UUID.randomUUID();
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcpPort), 5000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(connect(clientId, credentials));
			out.flush();
			if (new DataInputStream(socket.getInputStream()).readInt() != CONNACK_ACCEPTED) {
				throw new IllegalStateException("the broker refused Lowband's own connection");
			}
			ChannelHookingConnectionFactory.install(channelOf(server, clientId).pipeline().get("handler"), hook);
			out.write(new byte[] { (byte) 0xE0, 0 });
		}
		catch (IOException | ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not hook into Moquette's connections; Lowband is built for 0.18.3",
					ex);
		}
	}

	private static Channel channelOf(Server server, String clientId) {
		Map<?, ?> sessions = (Map<?, ?>) MoquetteInternals.read(MoquetteInternals.read(server, "sessions"), "pool");
		Object session = sessions.get(clientId);
		if (session == null) {
			throw new IllegalStateException("no session for Lowband's own connection");
		}
		return (Channel) MoquetteInternals.read(MoquetteInternals.read(session, "mqttConnection"), "channel");
	}

	/** An MQTT 3.1.1 CONNECT with clean session, username and password. */
	private static byte[] connect(String clientId, ServerCredentials credentials) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(new byte[] { 0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC2, 0, 60 });
		writeField(body, clientId.getBytes(StandardCharsets.UTF_8));
		writeField(body, credentials.username().getBytes(StandardCharsets.UTF_8));
		writeField(body, credentials.password());
		ByteArrayOutputStream packet = new ByteArrayOutputStream();
		packet.write(0x10);
		int remaining = body.size();
		do {
			int digit = remaining % 128;
			remaining /= 128;
			packet.write(remaining > 0 ? digit | 0x80 : digit);
		}
		while (remaining > 0);
		packet.writeBytes(body.toByteArray());
		return packet.toByteArray();
	}

	private static void writeField(ByteArrayOutputStream out, byte[] value) {
		out.write(value.length >> 8);
		out.write(value.length & 0xFF);
		out.writeBytes(value);
	}

}
