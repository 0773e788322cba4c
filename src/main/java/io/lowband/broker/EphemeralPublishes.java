package io.lowband.broker;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * One per client connection, before Moquette's MQTT handler: turns a publish on an ephemeral topic (see
 * {@link BrokerAccess#isEphemeral}) into a QoS 0 publish without the retain flag, so Moquette neither keeps it as
 * a retained message nor queues it for anyone offline. A QoS 1 publish is acknowledged here, since Moquette will
 * not; QoS 2 is left as it is (its handshake is Moquette's).
 */
final class EphemeralPublishes extends ChannelInboundHandlerAdapter {

	static final String NAME = "lowbandEphemeralPublishes";

	private final BrokerAccess access;

	EphemeralPublishes(BrokerAccess access) {
		this.access = access;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof MqttPublishMessage publish && needsReshaping(publish)
				&& access.isEphemeral(publish.variableHeader().topicName())) {
			MqttFixedHeader header = publish.fixedHeader();
			if (header.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
				ctx.writeAndFlush(MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId()).build());
			}
			MqttFixedHeader atMostOnce = new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_MOST_ONCE,
					false, 0);
			MqttPublishVariableHeader variable = new MqttPublishVariableHeader(publish.variableHeader().topicName(), 0,
					publish.variableHeader().properties());
			ctx.fireChannelRead(new MqttPublishMessage(atMostOnce, variable, publish.payload()));
			return;
		}
		ctx.fireChannelRead(msg);
	}

	private static boolean needsReshaping(MqttPublishMessage publish) {
		MqttFixedHeader header = publish.fixedHeader();
		return header.isRetain() || header.qosLevel() == MqttQoS.AT_LEAST_ONCE;
	}

}
