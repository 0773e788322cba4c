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
 * One per client connection, before Moquette's MQTT handler, fixing two things about what clients publish:
 * <ul>
 * <li>A QoS 1 publish sent again after a reconnect carries the DUP flag, and Moquette 0.18 routes such a publish
 * only to subscribers it failed to reach the first time; when the first copy never arrived (the link or the server
 * died), it reaches nobody, yet is acknowledged. The flag is cleared, so a resend is routed like the first copy;
 * receivers recognise repeats (the chat by client id), as at-least-once delivery asks of them anyway.</li>
 * <li>A publish on an ephemeral topic (see {@link BrokerAccess#isEphemeral}) becomes QoS 0 without the retain
 * flag, so Moquette neither keeps it as a retained message nor queues it for anyone offline. A QoS 1 one is
 * acknowledged here, since Moquette will not.</li>
 * </ul>
 * QoS 2 is left as it is: its handshake is Moquette's.
 */
final class InboundPublishes extends ChannelInboundHandlerAdapter {

	static final String NAME = "lowbandInboundPublishes";

	private final BrokerAccess access;

	InboundPublishes(BrokerAccess access) {
		this.access = access;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof MqttPublishMessage publish && publish.fixedHeader().isDup()
				&& publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
			msg = withoutDupFlag(publish);
		}
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

	private static MqttPublishMessage withoutDupFlag(MqttPublishMessage publish) {
		MqttFixedHeader header = publish.fixedHeader();
		MqttFixedHeader firstCopy = new MqttFixedHeader(MqttMessageType.PUBLISH, false, header.qosLevel(),
				header.isRetain(), header.remainingLength());
		return new MqttPublishMessage(firstCopy, publish.variableHeader(), publish.payload());
	}

	private static boolean needsReshaping(MqttPublishMessage publish) {
		MqttFixedHeader header = publish.fixedHeader();
		return header.isRetain() || header.qosLevel() == MqttQoS.AT_LEAST_ONCE;
	}

}
