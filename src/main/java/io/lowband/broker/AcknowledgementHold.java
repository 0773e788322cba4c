package io.lowband.broker;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import io.moquette.broker.NettyUtils;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.ReferenceCountUtil;

/**
 * One per client connection, between Moquette's codec and its MQTT handler: holds each PUBACK until the
 * {@link PublishGate} says the publish it answers may be acknowledged, and keeps PUBACKs in the order of the
 * publishes, as MQTT requires. Everything else passes untouched.
 * <p>
 * It is also the connection's back-pressure: once {@code maxPending} of its publishes wait for their PUBACK, the
 * connection's socket is not read until half of them are answered, so a client that pipelines sends as fast as it
 * can slows itself down, not the server's memory or anyone else. What one socket read had already decoded beyond
 * the bound waits here, in order, and goes on as PUBACKs go out. All state is touched only on the channel's event
 * loop, so it needs no locks.
 */
final class AcknowledgementHold extends ChannelDuplexHandler {

	static final String NAME = "lowbandAcknowledgementHold";

	private final PublishGate gate;

	/** Packet id of a publish that arrived, and when it may be acknowledged. */
	private final Map<Integer, CompletionStage<?>> awaited = new HashMap<>();

	private final ArrayDeque<HeldAck> held = new ArrayDeque<>();

	/** What arrived while the bound was reached, in order; passed on as PUBACKs go out. */
	private final ArrayDeque<Object> deferred = new ArrayDeque<>();

	/** Held PUBACKs whose publish waited for the gate; with {@code awaited}, the publishes not answered yet. */
	private int heldGated;

	private final int maxPending;

	/** Publishes waiting for their PUBACK on all connections, for the {@code lowband.mqtt.sends.pending} gauge. */
	private final AtomicInteger allPending;

	private int counted;

	private boolean paused;

	/** Guards against passing deferred messages on from inside a pass (a PUBACK written while one is read). */
	private boolean draining;

	AcknowledgementHold(PublishGate gate, int maxPending, AtomicInteger allPending) {
		this.gate = gate;
		this.maxPending = maxPending;
		this.allPending = allPending;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (waitsItsTurn(msg) && (!deferred.isEmpty() || pending() >= maxPending)) {
			// Over the bound: it waits here, so neither Moquette nor the store sees more than the bound from us.
			deferred.add(msg);
		}
		else {
			pass(ctx, msg);
		}
		applyBackPressure(ctx);
	}

	private void pass(ChannelHandlerContext ctx, Object msg) {
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

	/**
	 * What must keep its place behind a deferred publish. Answers to the server's own deliveries and pings need not,
	 * and should not wait: the client's keep-alive and the messages it receives go on while its sends are held.
	 */
	private static boolean waitsItsTurn(Object msg) {
		if (!(msg instanceof MqttMessage message) || message.fixedHeader() == null) {
			return true;
		}
		MqttMessageType type = message.fixedHeader().messageType();
		return type != MqttMessageType.PINGREQ && type != MqttMessageType.PUBACK && type != MqttMessageType.PUBREC
				&& type != MqttMessageType.PUBCOMP;
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
			heldGated++;
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
			if (next.when() != null) {
				heldGated--;
			}
			sent = true;
		}
		// Counted before the flush: once a client sees its PUBACK, the gauge no longer counts that send.
		applyBackPressure(ctx);
		if (sent) {
			ctx.flush();
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		// The client never got these; it sends the publishes again after reconnecting, and they are recognised.
		held.clear();
		awaited.clear();
		heldGated = 0;
		deferred.forEach(ReferenceCountUtil::release);
		deferred.clear();
		allPending.addAndGet(-counted);
		counted = 0;
		ctx.fireChannelInactive();
	}

	/**
	 * Passes on what waited while there is room, stops reading the socket while anything waits, and reads again once
	 * nothing waits and at most half the bound is pending.
	 */
	private void applyBackPressure(ChannelHandlerContext ctx) {
		if (draining) {
			return;
		}
		draining = true;
		try {
			while (!deferred.isEmpty() && pending() < maxPending && ctx.channel().isActive()) {
				pass(ctx, deferred.poll());
			}
		}
		finally {
			draining = false;
		}
		int pending = pending();
		allPending.addAndGet(pending - counted);
		counted = pending;
		if (!paused && !deferred.isEmpty()) {
			paused = true;
			ctx.channel().config().setAutoRead(false);
		}
		else if (paused && deferred.isEmpty() && pending <= maxPending / 2) {
			paused = false;
			ctx.channel().config().setAutoRead(true);
		}
	}

	private int pending() {
		return awaited.size() + heldGated;
	}

	private record HeldAck(MqttMessage ack, ChannelPromise promise, CompletionStage<?> when) {

		boolean mayGo() {
			return when == null || when.toCompletableFuture().isDone();
		}

	}

}
