package io.lowband.broker;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PacketSize} against what Netty's encoder writes for the same MQTT 5 PUBLISH. */
class PacketSizeTests {

	@ParameterizedTest
	@ValueSource(ints = { 0, 1, 100, 200, 20_000, 3_000_000 })
	void measuresWhatTheEncoderWrites(int payloadBytes) {
		for (MqttQoS qos : new MqttQoS[] { MqttQoS.AT_MOST_ONCE, MqttQoS.EXACTLY_ONCE }) {
			assertThat(PacketSize.ofMqtt5(publish(qos, payloadBytes, MqttProperties.NO_PROPERTIES)))
				.isEqualTo(encodedSize(publish(qos, payloadBytes, MqttProperties.NO_PROPERTIES)));
			assertThat(PacketSize.ofMqtt5(publish(qos, payloadBytes, everyKind())))
				.isEqualTo(encodedSize(publish(qos, payloadBytes, everyKind())));
		}
	}

	private static MqttProperties everyKind() {
		MqttProperties properties = new MqttProperties();
		properties.add(new MqttProperties.IntegerProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(), 1));
		properties.add(new MqttProperties.IntegerProperty(MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(), 60));
		properties.add(new MqttProperties.IntegerProperty(MqttPropertyType.TOPIC_ALIAS.value(), 3));
		properties.add(new MqttProperties.IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), 2));
		properties.add(new MqttProperties.IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), 456789));
		properties.add(new MqttProperties.StringProperty(MqttPropertyType.CONTENT_TYPE.value(), "text/plain; é"));
		properties.add(new MqttProperties.StringProperty(MqttPropertyType.RESPONSE_TOPIC.value(), "replies/x"));
		properties.add(new MqttProperties.BinaryProperty(MqttPropertyType.CORRELATION_DATA.value(), new byte[7]));
		properties.add(new MqttProperties.UserProperty("a", "1"));
		properties.add(new MqttProperties.UserProperty("bé", "twö"));
		return properties;
	}

	private static MqttPublishMessage publish(MqttQoS qos, int payloadBytes, MqttProperties properties) {
		return MqttMessageBuilders.publish()
			.topicName("rooms/ünïcode/messages")
			.qos(qos)
			.messageId((qos == MqttQoS.AT_MOST_ONCE) ? 0 : 7)
			.properties(properties)
			.payload(Unpooled.wrappedBuffer("x".repeat(payloadBytes).getBytes(StandardCharsets.US_ASCII)))
			.build();
	}

	private static int encodedSize(MqttPublishMessage publish) {
		EmbeddedChannel channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
		// Netty's codec reads the protocol version from this channel attribute (MqttCodecUtil).
		channel.attr(AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION")).set(MqttVersion.MQTT_5);
		channel.writeOutbound(publish);
		int size = 0;
		for (ByteBuf written = channel.readOutbound(); written != null; written = channel.readOutbound()) {
			size += written.readableBytes();
			written.release();
		}
		channel.finishAndReleaseAll();
		return size;
	}

}
