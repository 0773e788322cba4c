package io.lowband.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client that speaks just enough MQTT over a plain socket to connect with a will, and then says nothing more:
 * no PINGREQ, no DISCONNECT. HiveMQ's client always keeps a connection alive, so it cannot play this part. It can
 * also send a PUBLISH larger than the broker allows, which HiveMQ's client refuses to send.
 */
final class RawMqttConnection implements AutoCloseable {

	private final Socket socket;

	private RawMqttConnection(Socket socket) {
		this.socket = socket;
	}

	/** Connects with a clean session and a QoS 1 will, and returns once the broker has accepted. */
	static RawMqttConnection connect(int port, Protocol protocol, String clientId, int keepAliveSeconds, Will will) {
		try {
			Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
			socket.getOutputStream().write(connectPacket(protocol, clientId, keepAliveSeconds, will));
			socket.getOutputStream().flush();
			RawMqttConnection connection = new RawMqttConnection(socket);
			connection.expectAccepted(protocol);
			return connection;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits, reading nothing but the end of the stream, for the broker to close the connection. */
	void awaitClosedByBroker(Duration atMost) throws IOException {
		socket.setSoTimeout((int) atMost.toMillis());
		try {
			int next = socket.getInputStream().read();
			if (next >= 0) {
				throw new AssertionError("Expected the broker to close the connection, but it sent a packet of type "
						+ (next >> 4));
			}
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("The broker kept the silent connection open for more than " + atMost, ex);
		}
		catch (SocketException ex) {
			// Reset by the broker: closed as well.
		}
	}

	/** Sends a QoS 0 PUBLISH of {@code payloadBytes} bytes, in the protocol the connection speaks. */
	void publish(Protocol protocol, String topic, int payloadBytes) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(body);
		out.writeUTF(topic);
		if (protocol == Protocol.MQTT_5) {
			out.writeByte(0); // no properties
		}
		out.write(new byte[payloadBytes]);
		ByteArrayOutputStream packet = new ByteArrayOutputStream();
		packet.write(0x30);
		writeRemainingLength(packet, body.size());
		body.writeTo(packet);
		socket.getOutputStream().write(packet.toByteArray());
		socket.getOutputStream().flush();
	}

	/** The next packet's first byte and the first byte of its body (a reason code), or -1 once closed. */
	int[] nextPacket() throws IOException {
		socket.setSoTimeout((int) TestClient.WAIT.toMillis());
		InputStream in = socket.getInputStream();
		try {
			int type = in.read();
			if (type < 0) {
				return new int[] { -1, -1 };
			}
			byte[] body = in.readNBytes(readRemainingLength(in));
			return new int[] { type, (body.length > 0) ? body[0] & 0xFF : -1 };
		}
		catch (SocketException ex) {
			// Reset by the broker: closed as well.
			return new int[] { -1, -1 };
		}
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}

	private void expectAccepted(Protocol protocol) throws IOException {
		socket.setSoTimeout((int) TestClient.WAIT.toMillis());
		InputStream in = socket.getInputStream();
		int type = in.read();
		byte[] rest = in.readNBytes(readRemainingLength(in));
		if (type != 0x20 || rest.length < 2 || rest[1] != 0) {
			throw new AssertionError("Expected a CONNACK accepting " + protocol + ", got type " + type
					+ ((rest.length > 1) ? " with code " + rest[1] : ""));
		}
	}

	private static byte[] connectPacket(Protocol protocol, String clientId, int keepAliveSeconds, Will will)
			throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(body);
		out.writeUTF("MQTT");
		out.writeByte(protocol.level());
		int willQos = will.qos() << 3;
		out.writeByte(0x02 | 0x04 | willQos); // clean session, will, will QoS
		out.writeShort(keepAliveSeconds);
		if (protocol == Protocol.MQTT_5) {
			out.writeByte(0); // no properties
		}
		out.writeUTF(clientId);
		if (protocol == Protocol.MQTT_5) {
			out.writeByte(0); // no will properties
		}
		out.writeUTF(will.topic());
		byte[] willPayload = will.payload().getBytes(StandardCharsets.UTF_8);
		out.writeShort(willPayload.length);
		out.write(willPayload);

		ByteArrayOutputStream packet = new ByteArrayOutputStream();
		packet.write(0x10);
		writeRemainingLength(packet, body.size());
		body.writeTo(packet);
		return packet.toByteArray();
	}

	static int readRemainingLength(InputStream in) throws IOException {
		int length = 0;
		int multiplier = 1;
		int digit;
		do {
			digit = in.read();
			length += (digit & 0x7F) * multiplier;
			multiplier *= 128;
		}
		while ((digit & 0x80) != 0);
		return length;
	}

	static void writeRemainingLength(ByteArrayOutputStream packet, int length) {
		int remaining = length;
		do {
			int digit = remaining % 128;
			remaining /= 128;
			packet.write((remaining > 0) ? (digit | 0x80) : digit);
		}
		while (remaining > 0);
	}

}
