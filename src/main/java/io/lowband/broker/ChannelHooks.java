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
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets Lowband add a Netty handler to every client connection of Moquette 0.18, which has no such extension point.
 * Moquette's one MQTT handler is shared by all transports but reachable only through a live connection, so this
 * opens one to the broker itself (as the server, clean session), finds its channel through the session registry,
 * and wraps the handler's connection factory (see {@link ChannelHookingConnectionFactory}). Connections accepted
 * from then on, over TCP and WebSocket, get the hook before their first packet is read.
 */
final class ChannelHooks {

	private static final int CONNACK_ACCEPTED = 0x20020000;

	private static final AttributeKey<Boolean> HOOKED = AttributeKey.valueOf("lowbandHooked");

	private static final Logger log = LoggerFactory.getLogger(ChannelHooks.class);

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
			Channel own = channelOf(server, clientId);
			if (own == null) {
				throw new IllegalStateException("no session for Lowband's own connection");
			}
			ChannelHookingConnectionFactory.install(own.pipeline().get("handler"), hook);
			out.write(new byte[] { (byte) 0xE0, 0 });
		}
		catch (IOException | ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not hook into Moquette's connections; Lowband is built for 0.18.3",
					ex);
		}
	}

	/** Marks a channel as hooked; call from the hook before adding handlers. */
	static void markHooked(Channel channel) {
		channel.attr(HOOKED).set(Boolean.TRUE);
	}

	/**
	 * Whether the client's current connection got the hook. One accepted in the instant between Moquette's bind and
	 * the hook's installation did not; it is closed, so that the client comes back on a hooked one.
	 */
	static boolean hookedOrClosed(Server server, String clientId) {
		Channel channel = channelOf(server, clientId);
		if (channel == null || Boolean.TRUE.equals(channel.attr(HOOKED).get())) {
			return true;
		}
		log.info("Closing the connection of {}: it was accepted before Lowband's handlers were in place", clientId);
		channel.close();
		return false;
	}

	private static Channel channelOf(Server server, String clientId) {
		Map<?, ?> sessions = (Map<?, ?>) MoquetteInternals.read(MoquetteInternals.read(server, "sessions"), "pool");
		Object session = sessions.get(clientId);
		Object connection = (session == null) ? null : MoquetteInternals.read(session, "mqttConnection");
		return (connection == null) ? null : (Channel) MoquetteInternals.read(connection, "channel");
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
