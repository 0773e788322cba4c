package io.lowband.chat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * MQTT 3.1.1 (and an MQTT 5 CONNECT) written byte by byte, for what no client library will send: packets out of
 * order, garbage, a CONNECT one byte at a time, an exchange watched packet by packet.
 */
final class RawMqtt implements AutoCloseable {

	private final Socket socket;

	private RawMqtt(Socket socket) {
		this.socket = socket;
	}

	static RawMqtt open(int port) {
		try {
			Socket socket = new Socket();
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(10_000);
			return new RawMqtt(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A CONNECT with clean session, the given client id and credentials. */
	static byte[] connect(String clientId, String username, String password) {
		return connect(new byte[] { 0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC2, 0, 60 }, clientId, username, password);
	}

	/** An MQTT 3.1.1 CONNECT with clean session off: it resumes the client id's session, if there is one. */
	static byte[] connectResuming(String clientId, String username, String password) {
		return connect(new byte[] { 0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xC0, 0, 60 }, clientId, username, password);
	}

	/** The same in MQTT 5: clean start off, and a session expiry of an hour (property 0x11). */
	static byte[] connect5Resuming(String clientId, String username, String password) {
		return connect(new byte[] { 0, 4, 'M', 'Q', 'T', 'T', 5, (byte) 0xC0, 0, 60, 5, 0x11, 0, 0, 0x0E, 0x10 },
				clientId, username, password);
	}

	private static byte[] connect(byte[] variableHeader, String clientId, String username, String password) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(variableHeader);
		string(body, clientId);
		string(body, username);
		string(body, password);
		return packet(0x10, body.toByteArray());
	}

	/** A QoS 0 PUBLISH. */
	static byte[] publish(String topic, String payload) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		string(body, topic);
		body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
		return packet(0x30, body.toByteArray());
	}

	/** A QoS 1 PUBLISH with the given packet id (1 to 65535). */
	static byte[] publishQos1(String topic, int packetId, String payload) {
		return publish(0x32, topic, packetId, payload);
	}

	/** An MQTT 3.1.1 QoS 2 PUBLISH with the given packet id. */
	static byte[] publishQos2(String topic, int packetId, String payload) {
		return publish(0x34, topic, packetId, payload);
	}

	private static byte[] publish(int firstByte, String topic, int packetId, String payload) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		string(body, topic);
		body.write(packetId >> 8);
		body.write(packetId & 0xFF);
		body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
		return packet(firstByte, body.toByteArray());
	}

	/** The PUBREL that follows a PUBREC in the exactly-once exchange. */
	static byte[] pubRel(int packetId) {
		return packet(0x62, new byte[] { (byte) (packetId >> 8), (byte) packetId });
	}

	/** An UNSUBSCRIBE with packet id 1 and the given filters (none at all is a protocol violation). */
	static byte[] unsubscribe(String... filters) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(new byte[] { 0, 1 });
		for (String filter : filters) {
			string(body, filter);
		}
		return packet(0xA2, body.toByteArray());
	}

	/** A SUBSCRIBE with packet id 1 and the given filters at QoS 0 (none at all is a protocol violation). */
	static byte[] subscribe(String... filters) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(new byte[] { 0, 1 });
		for (String filter : filters) {
			string(body, filter);
			body.write(0);
		}
		return packet(0x82, body.toByteArray());
	}

	void send(byte[] bytes) {
		try {
			socket.getOutputStream().write(bytes);
			socket.getOutputStream().flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The first byte of the next packet from the server (0x20 is CONNACK), or -1 when it closed the connection. */
	int readPacketType() {
		try {
			InputStream in = socket.getInputStream();
			int type = in.read();
			if (type < 0) {
				return -1;
			}
			int length = in.read();
			in.readNBytes(length);
			return type;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/**
	 * Reads the next packet: the packet id of a PUBACK, 0 for any other packet, -1 when the server closed the
	 * connection. Only for packets of less than 128 bytes, which is all a client that only publishes gets.
	 */
	int readPubAck() {
		try {
			InputStream in = socket.getInputStream();
			int type = in.read();
			int length = in.read();
			if (type < 0 || length < 0) {
				return -1;
			}
			byte[] body = in.readNBytes(length);
			return (type == 0x40 && body.length >= 2) ? ((body[0] & 0xFF) << 8) | (body[1] & 0xFF) : 0;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/** The next packet from the server, whatever its length; a type of -1 when the server closed the connection. */
	Packet readPacket() {
		try {
			InputStream in = socket.getInputStream();
			int type = in.read();
			int length = 0;
			for (int shift = 0, digit = 0x80; type >= 0 && (digit & 0x80) != 0; shift += 7) {
				digit = in.read();
				if (digit < 0) {
					return Packet.CLOSED;
				}
				length |= (digit & 0x7F) << shift;
			}
			byte[] body = in.readNBytes(length);
			return (type < 0 || body.length < length) ? Packet.CLOSED : new Packet(type, body);
		}
		catch (IOException ex) {
			return Packet.CLOSED;
		}
	}

	/** Reads until the server closes the connection; false if it is still open after {@code millis}. */
	boolean closedWithin(int millis) {
		try {
			socket.setSoTimeout(millis);
			InputStream in = socket.getInputStream();
			while (in.read() >= 0) {
				// what the server sent before closing does not matter here
			}
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}

	/** A packet as received: its first byte (type and flags) and what follows the remaining length. */
	record Packet(int type, byte[] body) {

		static final Packet CLOSED = new Packet(-1, new byte[0]);

		/** The packet id of an acknowledgement (PUBACK, PUBREC, PUBCOMP, SUBACK, UNSUBACK). */
		int packetId() {
			return ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
		}

		/** The byte at {@code index} of the body, e.g. 1 for a CONNACK's return or reason code. */
		int at(int index) {
			return body[index] & 0xFF;
		}

	}

	private static void string(ByteArrayOutputStream out, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.write(bytes.length >> 8);
		out.write(bytes.length & 0xFF);
		out.writeBytes(bytes);
	}

	private static byte[] packet(int firstByte, byte[] body) {
		ByteArrayOutputStream packet = new ByteArrayOutputStream();
		packet.write(firstByte);
		int remaining = body.length;
		do {
			int digit = remaining % 128;
			remaining /= 128;
			packet.write(remaining > 0 ? digit | 0x80 : digit);
		}
		while (remaining > 0);
		packet.writeBytes(body);
		return packet.toByteArray();
	}

}
