package io.lowband.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A client over a plain socket that keeps its session (MQTT 3.1.1 without clean session, MQTT 5 with a session
 * expiry), subscribes at QoS 1 and then never acknowledges what it receives: a phone whose PUBACKs are lost when its
 * signal goes. HiveMQ's client always acknowledges, so it cannot play this part.
 */
final class UnackingSubscriber implements AutoCloseable {

	private final Socket socket;

	private final DataInputStream in;

	private UnackingSubscriber(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
	}

	/** Connects without a clean session, subscribes to {@code topic} at QoS 1, and returns once both are accepted. */
	static UnackingSubscriber subscribe(int port, Protocol protocol, String clientId, String topic) {
		try {
			Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
			socket.setSoTimeout((int) TestClient.WAIT.toMillis());
			UnackingSubscriber subscriber = new UnackingSubscriber(socket);
			subscriber.send(0x10, connect(protocol, clientId));
			subscriber.expect(0x20, 1);
			subscriber.send(0x82, subscription(protocol, topic));
			subscriber.expect(0x90, 2 + ((protocol == Protocol.MQTT_5) ? 1 : 0));
			return subscriber;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Reads the next PUBLISH, leaves it unacknowledged, and returns its packet id. */
	int nextPublishLeftUnacknowledged() throws IOException {
		int type = in.readUnsignedByte();
		byte[] rest = in.readNBytes(remainingLength());
		if ((type & 0xF0) != 0x30 || ((type >> 1) & 0x03) != 1) {
			throw new AssertionError("Expected a QoS 1 PUBLISH, got header byte " + type);
		}
		int topicLength = ((rest[0] & 0xFF) << 8) | (rest[1] & 0xFF);
		return ((rest[2 + topicLength] & 0xFF) << 8) | (rest[3 + topicLength] & 0xFF);
	}

	/** Closes the socket without DISCONNECT, as a connection that died. */
	@Override
	public void close() throws IOException {
		socket.close();
	}

	/** Reads a CONNACK or SUBACK and checks the code at {@code codeAt} says accepted (0) or granted QoS 1. */
	private void expect(int type, int codeAt) throws IOException {
		int actual = in.readUnsignedByte();
		byte[] rest = in.readNBytes(remainingLength());
		int accepted = (type == 0x20) ? 0 : 1;
		if (actual != type || rest[codeAt] != accepted) {
			throw new AssertionError("Expected packet type " + type + " accepting, got " + actual);
		}
	}

	private void send(int header, byte[] body) throws IOException {
		ByteArrayOutputStream packet = new ByteArrayOutputStream();
		packet.write(header);
		for (int remaining = body.length; true;) {
			int digit = remaining % 128;
			remaining /= 128;
			packet.write((remaining > 0) ? (digit | 0x80) : digit);
			if (remaining == 0) {
				break;
			}
		}
		packet.write(body);
		socket.getOutputStream().write(packet.toByteArray());
		socket.getOutputStream().flush();
	}

	private int remainingLength() throws IOException {
		int length = 0;
		int multiplier = 1;
		int digit;
		do {
			digit = in.readUnsignedByte();
			length += (digit & 0x7F) * multiplier;
			multiplier *= 128;
		}
		while ((digit & 0x80) != 0);
		return length;
	}

	private static byte[] connect(Protocol protocol, String clientId) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(body);
		out.writeUTF("MQTT");
		out.writeByte(protocol.level());
		out.writeByte(0); // no clean session or clean start, no will, no credentials
		out.writeShort(60);
		if (protocol == Protocol.MQTT_5) {
			out.writeByte(5); // properties: a session expiry of 300 s
			out.writeByte(0x11);
			out.writeInt(300);
		}
		out.writeUTF(clientId);
		return body.toByteArray();
	}

	private static byte[] subscription(Protocol protocol, String topic) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(body);
		out.writeShort(1);
		if (protocol == Protocol.MQTT_5) {
			out.writeByte(0); // no properties
		}
		byte[] filter = topic.getBytes(StandardCharsets.UTF_8);
		out.writeShort(filter.length);
		out.write(filter);
		out.writeByte(1);
		return body.toByteArray();
	}

}
