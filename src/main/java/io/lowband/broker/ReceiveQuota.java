package io.lowband.broker;

import java.util.HashSet;
import java.util.Set;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.ReferenceCountUtil;

/**
 * Holds an MQTT 5 client to the Receive Maximum its CONNACK stated ({@link ClientTerms}): a QoS 1 or 2 publish
 * that arrives while that many of its publishes are still unanswered (QoS 1 until PUBACK, QoS 2 until PUBCOMP or a
 * refusing PUBREC) gets DISCONNECT 0x93 and the connection closes a second later (MQTT 5 §3.3.4, §4.9; see
 * {@link Farewell}). {@link IntakeHandler} stops reading at the same bound, but only for the sends it takes, and Moquette's own check
 * counts against its own, much larger, limit (BrokerConstants.RECEIVE_MAXIMUM, 65,536). MQTT 3.1.1 clients are
 * never told a limit, so they are not held to one. Between the gate and the intake; used only on the channel's
 * event loop.
 */
final class ReceiveQuota extends ChannelDuplexHandler {

	static final String NAME = "lowbandReceiveQuota";

	private static final byte RECEIVE_MAXIMUM_EXCEEDED = (byte) 0x93;

	private final int receiveMaximum;

	private final Farewell farewell;

	/** Packet ids of the client's publishes not answered yet. */
	private final Set<Integer> unanswered = new HashSet<>();

	ReceiveQuota(int receiveMaximum, BadInput badInput) {
		this.receiveMaximum = receiveMaximum;
		this.farewell = new Farewell(badInput);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (farewell.said()) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof MqttPublishMessage publish && publish.fixedHeader().qosLevel() != MqttQoS.AT_MOST_ONCE
				&& Boolean.TRUE.equals(ctx.channel().attr(EdgeGate.MQTT5).get())) {
			int packetId = publish.variableHeader().packetId();
			// A publish sent again under an id still unanswered is the same one, already counted.
			if (!unanswered.contains(packetId) && unanswered.size() >= receiveMaximum) {
				ReferenceCountUtil.release(publish);
				farewell.say(ctx, RECEIVE_MAXIMUM_EXCEEDED, BadInput.Kind.PROTOCOL_VIOLATION,
						"more than " + receiveMaximum + " publishes unanswered");
				return;
			}
			unanswered.add(packetId);
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (farewell.said()) {
			// Such as answers Moquette still writes for earlier publishes.
			Farewell.drop(msg, promise);
			return;
		}
		if (!unanswered.isEmpty() && msg instanceof MqttMessage message && message.fixedHeader() != null
				&& endsExchange(message)) {
			unanswered.remove(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
		}
		ctx.write(msg, promise);
	}

	/** The server's PUBACK or PUBCOMP, or a PUBREC that refuses (which ends an MQTT 5 exchange). */
	private static boolean endsExchange(MqttMessage message) {
		MqttMessageType type = message.fixedHeader().messageType();
		return type == MqttMessageType.PUBACK || type == MqttMessageType.PUBCOMP || (type == MqttMessageType.PUBREC
				&& message.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply
				&& (reply.reasonCode() & 0xFF) >= 0x80);
	}

}
