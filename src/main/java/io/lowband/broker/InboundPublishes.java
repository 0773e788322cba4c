package io.lowband.broker;

import io.moquette.broker.NettyUtils;
import io.netty.buffer.ByteBuf;
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
 * <li>A retained publish at QoS 0 reaches Moquette without the retain flag, and {@link RetainedQos0} keeps it
 * (Moquette would only clear the topic).</li>
 * </ul>
 * QoS 2 is left as it is: its handshake is Moquette's.
 */
final class InboundPublishes extends ChannelInboundHandlerAdapter {

	static final String NAME = "lowbandInboundPublishes";

	private final BrokerAccess access;

	private final RetainedQos0 retained;

	InboundPublishes(BrokerAccess access, RetainedQos0 retained) {
		this.access = access;
		this.retained = retained;
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
		String clientId = NettyUtils.clientID(ctx.channel());
		if (msg instanceof MqttPublishMessage publish && isRetainedAtMostOnce(publish) && clientId != null) {
			ByteBuf payload = publish.payload();
			byte[] kept = new byte[payload.readableBytes()];
			payload.getBytes(payload.readerIndex(), kept);
			MqttFixedHeader header = publish.fixedHeader();
			// Moquette takes the publish onto the client's session loop here, so what keepFor queues comes after it.
			ctx.fireChannelRead(new MqttPublishMessage(new MqttFixedHeader(MqttMessageType.PUBLISH, false,
					MqttQoS.AT_MOST_ONCE, false, header.remainingLength()), publish.variableHeader(), payload));
			retained.keepFor(clientId, publish.variableHeader().topicName(), kept, publish.variableHeader().properties());
			return;
		}
		ctx.fireChannelRead(msg);
	}

	private static boolean isRetainedAtMostOnce(MqttPublishMessage publish) {
		return publish.fixedHeader().isRetain() && publish.fixedHeader().qosLevel() == MqttQoS.AT_MOST_ONCE;
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
