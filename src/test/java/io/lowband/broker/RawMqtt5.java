package io.lowband.broker;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An MQTT 5 client over a plain socket that sends exactly the packets a test writes and shows every byte the broker
 * sends back: what HiveMQ's client hides (topic aliases, subscription identifiers) or will not do (leave a QoS 2
 * exchange open, publish past the server's Receive Maximum).
 */
final class RawMqtt5 implements AutoCloseable {

	/** A packet from the broker: its first byte, and the rest after the remaining length. */
	record Packet(int header, byte[] body) {

		int type() {
			return header >> 4;
		}

		/** The first byte of the body: a reason code for CONNACK (its second byte) aside, DISCONNECT and others. */
		int firstByte() {
			return (body.length > 0) ? body[0] & 0xFF : -1;
		}

	}

	/** A PUBLISH from the broker, read. */
	record Publish(String topic, int qos, int packetId, List<Integer> subscriptionIds, Integer topicAlias,
			byte[] payload) {
	}

	static final int CONNACK = 2, PUBLISH = 3, PUBACK = 4, PUBREC = 5, PUBCOMP = 7, SUBACK = 9, DISCONNECT = 14;

	/** CONNECT property ids. */
	static final int MAXIMUM_PACKET_SIZE = 0x27, TOPIC_ALIAS_MAXIMUM = 0x22;

	private final Socket socket;

	private RawMqtt5(Socket socket) {
		this.socket = socket;
	}

	/**
	 * Connects with Clean Start and the given CONNECT properties (id, then a value of as many bytes as the property
	 * takes, a byte each) and returns once the CONNACK is in, which {@link #connAck} then holds.
	 */
	static RawMqtt5 connect(int port, String clientId, int keepAliveSeconds, int... properties) {
		try {
			RawMqtt5 client = new RawMqtt5(new Socket(InetAddress.getLoopbackAddress(), port));
			client.socket.setSoTimeout((int) TestClient.WAIT.toMillis());
			Body body = new Body();
			body.string("MQTT").out.writeByte(5);
			body.out.writeByte(0x02);
			body.out.writeShort(keepAliveSeconds);
			byte[] bytes = new byte[properties.length];
			for (int i = 0; i < bytes.length; i++) {
				bytes[i] = (byte) properties[i];
			}
			body.properties(bytes).string(clientId);
			client.send(0x10, body);
			client.connAck = client.next();
			if (client.connAck.type() != CONNACK || client.connAck.body()[1] != 0) {
				throw new AssertionError("Not accepted: " + client.connAck);
			}
			return client;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private Packet connAck;

	Packet connAck() {
		return connAck;
	}

	/** A CONNACK property's value as an unsigned integer, or null when it has none. */
	Integer connAckProperty(int id) {
		ByteBuffer in = ByteBuffer.wrap(connAck.body(), 2, connAck.body().length - 2);
		int end = readVariableInt(in) + in.position();
		while (in.position() < end) {
			int property = in.get() & 0xFF;
			int size = switch (property) {
				case 0x13, 0x21, 0x22 -> 2;
				case 0x11, 0x27 -> 4;
				case 0x12, 0x15, 0x1A, 0x1C, 0x1F -> -1;
				default -> 1;
			};
			if (size < 0) {
				in.position(in.position() + 2 + in.getShort());
			}
			else if (property == id) {
				return (size == 2) ? in.getShort() & 0xFFFF : (size == 4) ? in.getInt() : in.get() & 0xFF;
			}
			else {
				in.position(in.position() + size);
			}
		}
		return null;
	}

	void subscribe(int packetId, String filter, int qos, int subscriptionId) throws IOException {
		Body body = new Body();
		body.out.writeShort(packetId);
		if (subscriptionId > 0) {
			ByteArrayOutputStream id = new ByteArrayOutputStream();
			id.write(0x0B);
			RawMqttConnection.writeRemainingLength(id, subscriptionId);
			body.properties(id.toByteArray());
		}
		else {
			body.properties();
		}
		body.string(filter).out.writeByte(qos);
		send(0x82, body);
	}

	void unsubscribe(int packetId, String filter) throws IOException {
		Body body = new Body();
		body.out.writeShort(packetId);
		body.properties().string(filter);
		send(0xA2, body);
	}

	void publish(int qos, int packetId, String topic, byte[] payload) throws IOException {
		Body body = new Body();
		body.string(topic);
		if (qos > 0) {
			body.out.writeShort(packetId);
		}
		body.properties().out.write(payload);
		send(0x30 | (qos << 1), body);
	}

	void pubRel(int packetId) throws IOException {
		Body body = new Body();
		body.out.writeShort(packetId);
		send(0x62, body);
	}

	/** The next packet, or null once the broker has closed the connection. */
	Packet next() throws IOException {
		InputStream in = socket.getInputStream();
		try {
			int header = in.read();
			if (header < 0) {
				return null;
			}
			return new Packet(header, in.readNBytes(RawMqttConnection.readRemainingLength(in)));
		}
		catch (SocketException ex) {
			return null;
		}
	}

	/** Waits until the broker has sent something not read yet. */
	void awaitUnread() throws IOException {
		long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
		while (socket.getInputStream().available() == 0) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("The broker sent nothing within " + TestClient.WAIT);
			}
			Thread.onSpinWait();
		}
	}

	/** The next packet of a type, skipping others (acknowledgements of the test's own publishes, say). */
	Packet next(int type) throws IOException {
		for (Packet packet = next(); packet != null; packet = next()) {
			if (packet.type() == type) {
				return packet;
			}
		}
		throw new AssertionError("Closed before a packet of type " + type);
	}

	/** The next PUBLISH, acknowledged at QoS 1. */
	Publish nextPublish() throws IOException {
		Publish publish = read(next(PUBLISH));
		if (publish.qos() == 1) {
			Body ack = new Body();
			ack.out.writeShort(publish.packetId());
			send(0x40, ack);
		}
		return publish;
	}

	static Publish read(Packet packet) {
		ByteBuffer in = ByteBuffer.wrap(packet.body());
		int qos = (packet.header() >> 1) & 3;
		byte[] topic = new byte[in.getShort() & 0xFFFF];
		in.get(topic);
		int packetId = (qos > 0) ? in.getShort() & 0xFFFF : 0;
		int end = readVariableInt(in) + in.position();
		List<Integer> ids = new ArrayList<>();
		Integer alias = null;
		while (in.position() < end) {
			int property = in.get() & 0xFF;
			switch (property) {
				case 0x0B -> ids.add(readVariableInt(in));
				case 0x23 -> alias = in.getShort() & 0xFFFF;
				case 0x01 -> in.get();
				case 0x02 -> in.getInt();
				case 0x26 -> {
					in.position(in.position() + 2 + in.getShort());
					in.position(in.position() + 2 + in.getShort());
				}
				default -> in.position(in.position() + 2 + in.getShort());
			}
		}
		byte[] payload = new byte[in.remaining()];
		in.get(payload);
		return new Publish(new String(topic, StandardCharsets.UTF_8), qos, packetId, ids, alias, payload);
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}

	private void send(int header, Body body) throws IOException {
		ByteArrayOutputStream packet = new ByteArrayOutputStream();
		packet.write(header);
		RawMqttConnection.writeRemainingLength(packet, body.bytes.size());
		body.bytes.writeTo(packet);
		socket.getOutputStream().write(packet.toByteArray());
		socket.getOutputStream().flush();
	}

	private static int readVariableInt(ByteBuffer in) {
		int value = 0;
		int multiplier = 1;
		int digit;
		do {
			digit = in.get();
			value += (digit & 0x7F) * multiplier;
			multiplier *= 128;
		}
		while ((digit & 0x80) != 0);
		return value;
	}

	/** A packet body being written. */
	private static final class Body {

		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		final DataOutputStream out = new DataOutputStream(bytes);

		Body string(String value) throws IOException {
			out.writeUTF(value);
			return this;
		}

		Body properties(byte... properties) throws IOException {
			RawMqttConnection.writeRemainingLength(bytes, properties.length);
			out.write(properties);
			return this;
		}

	}

}
