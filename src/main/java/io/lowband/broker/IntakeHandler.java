package io.lowband.broker;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import io.moquette.broker.NettyUtils;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One per client connection, between Lowband's edge gate and Moquette's MQTT handler: where the server takes the
 * publishes that are its own (chat sends and requests, see {@link EdgeIntake}) instead of Moquette routing them.
 * <ul>
 * <li>A taken publish never reaches Moquette. Its PUBACK (QoS 1) or PUBREC (QoS 2, whose PUBREL is answered here
 * too) goes out once the intake has dealt with it, with the outcome as MQTT 5 reason code.</li>
 * <li>Acknowledgements leave in the order of the publishes, as MQTT requires: one written by Moquette (or by the
 * gate, for a refused publish) while taken publishes are still unanswered waits behind them.</li>
 * <li>It is the connection's back-pressure: once {@code maxPending} of its publishes wait for an answer, or the
 * server-wide bound ({@link PendingSends}) is reached, the socket is not read until half are answered (or the
 * server-wide count is down again). A client that pipelines sends as fast as it can slows itself down, not the
 * server's memory or anyone else. What one socket read had already decoded beyond the bound waits here, in order.
 * Answers to the server's own deliveries and pings never wait.</li>
 * </ul>
 * All state is touched only on the channel's event loop, so it needs no locks.
 */
final class IntakeHandler extends ChannelDuplexHandler {

	static final String NAME = "lowbandIntake";

	private static final Logger log = LoggerFactory.getLogger(IntakeHandler.class);

	private final EdgeIntake intake;

	private final int maxPending;

	private final PendingSends allPending;

	/** Acknowledgements owed to the client, in the order of its publishes. */
	private final ArrayDeque<Owed> owed = new ArrayDeque<>();

	/** What arrived while a bound was reached, in order; passed on as answers go out. */
	private final ArrayDeque<Object> deferred = new ArrayDeque<>();

	/** Packet ids of taken QoS 2 publishes whose PUBREL this handler answers. */
	private final Set<Integer> takenExactlyOnce = new HashSet<>();

	/** Taken QoS 0 publishes not dealt with yet: they owe nothing but hold memory, so they count too. */
	private int takenAtMostOnce;

	/** What this connection adds to {@link #allPending} now. */
	private int counted;

	private boolean paused;

	private boolean awaitingServerWide;

	private boolean closed;

	/** Guards against passing deferred messages on from inside a pass (an answer written while one is read). */
	private boolean draining;

	IntakeHandler(EdgeIntake intake, int maxPending, PendingSends allPending) {
		this.intake = intake;
		this.maxPending = maxPending;
		this.allPending = allPending;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (waitsItsTurn(msg) && (!deferred.isEmpty() || full())) {
			deferred.add(msg);
		}
		else {
			pass(ctx, msg);
		}
		applyBackPressure(ctx);
	}

	private void pass(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof MqttPublishMessage publish && intake.takes(publish.variableHeader().topicName())) {
			take(ctx, publish);
			return;
		}
		if (isReleaseOfTaken(msg)) {
			int packetId = ((MqttMessageIdVariableHeader) ((MqttMessage) msg).variableHeader()).messageId();
			ReferenceCountUtil.release(msg);
			ctx.writeAndFlush(reply(MqttMessageType.PUBCOMP, packetId, (byte) 0));
			return;
		}
		ctx.fireChannelRead(msg);
	}

	private void take(ChannelHandlerContext ctx, MqttPublishMessage publish) {
		MqttQoS qos = publish.fixedHeader().qosLevel();
		int packetId = publish.variableHeader().packetId();
		String topic = publish.variableHeader().topicName();
		byte[] payload = ByteBufUtil.getBytes(publish.payload());
		publish.release();
		String username = NettyUtils.userName(ctx.channel());
		CompletionStage<PublishOutcome> taken;
		try {
			taken = intake.take(username, topic, payload);
		}
		catch (RuntimeException ex) {
			log.warn("Could not take a publish on {}; closing the connection so the client sends it again", topic, ex);
			ctx.close();
			return;
		}
		if (qos == MqttQoS.AT_MOST_ONCE) {
			takenAtMostOnce++;
			taken.whenComplete((outcome, failure) -> ctx.executor().execute(() -> {
				if (!closed) {
					takenAtMostOnce--;
					applyBackPressure(ctx);
				}
			}));
			return;
		}
		Owed answer = new Owed(qos == MqttQoS.AT_LEAST_ONCE ? MqttMessageType.PUBACK : MqttMessageType.PUBREC,
				packetId);
		owed.add(answer);
		taken.whenComplete((outcome, failure) -> ctx.executor().execute(() -> settle(ctx, answer, outcome, failure)));
	}

	private void settle(ChannelHandlerContext ctx, Owed answer, PublishOutcome outcome, Throwable failure) {
		if (closed) {
			return;
		}
		if (failure != null) {
			// Unacknowledged, so the client sends it again after reconnecting; the intake recognises repeats.
			log.warn("Could not deal with a publish ({}); closing the connection so the client sends it again",
					failure.toString());
			ctx.close();
			return;
		}
		boolean refused = (outcome.reasonCode() & 0xFF) >= 0x80;
		if (answer.type == MqttMessageType.PUBREC && !(refused && isMqtt5(ctx))) {
			// An MQTT 5 refusal ends the exchange at PUBREC; otherwise the client goes on with PUBREL.
			takenExactlyOnce.add(answer.packetId);
		}
		answer.reply = reply(answer.type, answer.packetId, outcome.reasonCode());
		answer.promise = ctx.newPromise();
		release(ctx);
	}

	private boolean isReleaseOfTaken(Object msg) {
		return !takenExactlyOnce.isEmpty() && msg instanceof MqttMessage message && message.fixedHeader() != null
				&& message.fixedHeader().messageType() == MqttMessageType.PUBREL
				&& takenExactlyOnce.remove(((MqttMessageIdVariableHeader) message.variableHeader()).messageId());
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

	/** An acknowledgement written by Moquette or the gate queues behind those still owed for taken publishes. */
	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (owed.isEmpty() || !isAcknowledgement(msg)) {
			ctx.write(msg, promise);
			return;
		}
		Owed answered = new Owed(((MqttMessage) msg).fixedHeader().messageType(), -1);
		answered.reply = (MqttMessage) msg;
		answered.promise = promise;
		owed.add(answered);
		release(ctx);
	}

	private static boolean isAcknowledgement(Object msg) {
		if (!(msg instanceof MqttMessage message) || message.fixedHeader() == null) {
			return false;
		}
		MqttMessageType type = message.fixedHeader().messageType();
		return type == MqttMessageType.PUBACK || type == MqttMessageType.PUBREC;
	}

	/** Sends the owed answers from the front that are known. */
	private void release(ChannelHandlerContext ctx) {
		boolean sent = false;
		while (!owed.isEmpty() && owed.peek().reply != null) {
			Owed next = owed.poll();
			ctx.write(next.reply, next.promise);
			sent = true;
		}
		// Counted before the flush: once a client sees its answer, the gauge no longer counts that publish.
		applyBackPressure(ctx);
		if (sent) {
			ctx.flush();
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		// The client never got these answers; it sends those publishes again after reconnecting, and they are
		// recognised.
		closed = true;
		owed.clear();
		takenExactlyOnce.clear();
		takenAtMostOnce = 0;
		deferred.forEach(ReferenceCountUtil::release);
		deferred.clear();
		allPending.add(-counted);
		counted = 0;
		ctx.fireChannelInactive();
	}

	/**
	 * Passes on what waited while there is room, stops reading the socket while anything waits, and reads again once
	 * nothing waits and at most half the bound is pending.
	 */
	private void applyBackPressure(ChannelHandlerContext ctx) {
		if (draining || closed) {
			return;
		}
		draining = true;
		try {
			while (!deferred.isEmpty() && !full() && ctx.channel().isActive()) {
				pass(ctx, deferred.poll());
			}
		}
		finally {
			draining = false;
		}
		int pending = pending();
		allPending.add(pending - counted);
		counted = pending;
		if (!deferred.isEmpty()) {
			pause(ctx);
			if (pending < maxPending && !awaitingServerWide) {
				// Held by the server-wide bound only: nothing of this connection's own will wake it.
				awaitingServerWide = true;
				allPending.await(() -> ctx.executor().execute(() -> {
					awaitingServerWide = false;
					applyBackPressure(ctx);
				}));
			}
		}
		else if (paused && pending <= maxPending / 2) {
			paused = false;
			ctx.channel().config().setAutoRead(true);
		}
	}

	private void pause(ChannelHandlerContext ctx) {
		if (!paused) {
			paused = true;
			ctx.channel().config().setAutoRead(false);
		}
	}

	private boolean full() {
		return pending() >= maxPending || allPending.full();
	}

	private int pending() {
		return owed.size() + takenAtMostOnce;
	}

	private static boolean isMqtt5(ChannelHandlerContext ctx) {
		return Boolean.TRUE.equals(ctx.channel().attr(EdgeGate.MQTT5).get());
	}

	static MqttMessage reply(MqttMessageType type, int packetId, byte reasonCode) {
		return new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0),
				new MqttPubReplyMessageVariableHeader(packetId, reasonCode, MqttProperties.NO_PROPERTIES));
	}

	/** An acknowledgement owed to the client; {@code reply} is null until it is known. */
	private static final class Owed {

		final MqttMessageType type;

		final int packetId;

		MqttMessage reply;

		ChannelPromise promise;

		Owed(MqttMessageType type, int packetId) {
			this.type = type;
			this.packetId = packetId;
		}

	}

}
