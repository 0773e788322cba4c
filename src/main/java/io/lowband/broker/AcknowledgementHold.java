package io.lowband.broker;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.moquette.broker.NettyUtils;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * One per client connection, between Moquette's codec and its MQTT handler: holds each PUBACK until the
 * {@link PublishGate} says the publish it answers may be acknowledged, and keeps PUBACKs in the order of the
 * publishes, as MQTT requires. Everything else passes untouched. All state is touched only on the channel's event
 * loop, so it needs no locks.
 */
final class AcknowledgementHold extends ChannelDuplexHandler {

	static final String NAME = "lowbandAcknowledgementHold";

	private final PublishGate gate;

	/** Packet id of a publish that arrived, and when it may be acknowledged. */
	private final Map<Integer, CompletionStage<?>> awaited = new HashMap<>();

	private final ArrayDeque<HeldAck> held = new ArrayDeque<>();

	AcknowledgementHold(PublishGate gate) {
		this.gate = gate;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof MqttPublishMessage publish && publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
			String username = NettyUtils.userName(ctx.channel());
			CompletionStage<?> when = (username == null) ? null
					: gate.acknowledgeWhen(username, publish.variableHeader().topicName(),
							publish.payload().nioBuffer());
			int packetId = publish.variableHeader().packetId();
			if (when == null) {
				awaited.remove(packetId);
			}
			else {
				awaited.put(packetId, when);
			}
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (!(msg instanceof MqttMessage ack) || ack.fixedHeader().messageType() != MqttMessageType.PUBACK) {
			ctx.write(msg, promise);
			return;
		}
		int packetId = ((MqttMessageIdVariableHeader) ack.variableHeader()).messageId();
		CompletionStage<?> when = awaited.remove(packetId);
		if (when == null && held.isEmpty()) {
			ctx.write(msg, promise);
			return;
		}
		held.add(new HeldAck(ack, promise, when));
		if (when != null) {
			when.whenComplete((done, failure) -> ctx.executor().execute(() -> release(ctx)));
		}
		release(ctx);
	}

	/** Sends the held PUBACKs from the front whose publishes may now be acknowledged. */
	private void release(ChannelHandlerContext ctx) {
		boolean sent = false;
		while (!held.isEmpty() && held.peek().mayGo()) {
			HeldAck next = held.poll();
			ctx.write(next.ack(), next.promise());
			sent = true;
		}
		if (sent) {
			ctx.flush();
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		// The client never got these; it sends the publishes again after reconnecting, and they are recognised.
		held.clear();
		awaited.clear();
		ctx.fireChannelInactive();
	}

	private record HeldAck(MqttMessage ack, ChannelPromise promise, CompletionStage<?> when) {

		boolean mayGo() {
			return when == null || when.toCompletableFuture().isDone();
		}

	}

}
