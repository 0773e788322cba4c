package io.lowband.broker;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * The size of an MQTT 5 PUBLISH as Netty's encoder will write it, measured before it is encoded: the Maximum
 * Packet Size a client states counts whole packets (MQTT 5 §3.1.2.11.4). {@code PacketSizeTests} holds it to the
 * encoder's output.
 */
final class PacketSize {

	private PacketSize() {
	}

	static int ofMqtt5(MqttPublishMessage publish) {
		int properties = properties(publish.variableHeader().properties());
		int remaining = 2 + ByteBufUtil.utf8Bytes(publish.variableHeader().topicName())
				+ ((publish.fixedHeader().qosLevel() != MqttQoS.AT_MOST_ONCE) ? 2 : 0)
				+ variableByteIntegerSize(properties) + properties + publish.payload().readableBytes();
		return 1 + variableByteIntegerSize(remaining) + remaining;
	}

	private static int properties(MqttProperties properties) {
		int size = 0;
		for (MqttProperties.MqttProperty<?> property : properties.listAll()) {
			int id = property.propertyId();
			if (property instanceof MqttProperties.UserProperties pairs) {
				for (MqttProperties.StringPair pair : pairs.value()) {
					size += variableByteIntegerSize(id) + string(pair.key) + string(pair.value);
				}
			}
			else {
				size += variableByteIntegerSize(id) + value(property);
			}
		}
		return size;
	}

	private static int value(MqttProperties.MqttProperty<?> property) {
		Object value = property.value();
		if (value instanceof String string) {
			return string(string);
		}
		if (value instanceof MqttProperties.StringPair pair) {
			return string(pair.key) + string(pair.value);
		}
		if (value instanceof byte[] bytes) {
			return 2 + bytes.length;
		}
		MqttPropertyType type = MqttPropertyType.valueOf(property.propertyId());
		return switch (type) {
			case SERVER_KEEP_ALIVE, RECEIVE_MAXIMUM, TOPIC_ALIAS_MAXIMUM, TOPIC_ALIAS -> 2;
			case PUBLICATION_EXPIRY_INTERVAL, SESSION_EXPIRY_INTERVAL, WILL_DELAY_INTERVAL, MAXIMUM_PACKET_SIZE -> 4;
			case SUBSCRIPTION_IDENTIFIER -> variableByteIntegerSize((Integer) value);
			default -> 1;
		};
	}

	private static int string(String value) {
		return 2 + ByteBufUtil.utf8Bytes(value);
	}

	private static int variableByteIntegerSize(int value) {
		int size = 1;
		for (int rest = value >>> 7; rest > 0; rest >>>= 7) {
			size++;
		}
		return size;
	}

}
