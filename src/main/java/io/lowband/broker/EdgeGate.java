package io.lowband.broker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * The first of Lowband's handlers on every client connection, right behind the MQTT codec and before all of
 * Moquette's: the one place where the edge decides who connects and what a connected client may do. It
 * <ul>
 * <li>closes a connection that sends anything but CONNECT first, a second CONNECT, a malformed packet, or no
 * CONNECT within the connect timeout (one log line, rate-limited, see {@link BadInput});</li>
 * <li>has each CONNECT checked off the network threads, refusals answered and token expiry enforced
 * ({@link ConnectCheck});</li>
 * <li>holds back what a client pipelines behind its CONNECT until the CONNACK is out and Moquette counts the
 * connection as connected (Moquette closes a connection whose SUBSCRIBE arrives earlier), then passes it on in
 * order;</li>
 * <li>tells MQTT 5 clients what they were granted ({@link ClientTerms});</li>
 * <li>hands what a connected client subscribes to and publishes to {@link TopicGate}.</li>
 * </ul>
 * All state is touched only on the channel's event loop.
 */
final class EdgeGate extends ChannelDuplexHandler {

	static final String NAME = "lowbandEdgeGate";

	/** Set at CONNECT: whether the client speaks MQTT 5, for the handlers behind this one. */
	static final AttributeKey<Boolean> MQTT5 = AttributeKey.valueOf("lowbandMqtt5");

	private static final byte PACKET_TOO_LARGE = (byte) 0x95;

	private enum State {

		AWAITING_CONNECT, CONNECTING, CONNECTED

	}

	private final ConnectCheck check;

	private final BadInput badInput;

	private final Duration connectTimeout;

	private final BrokerSettings settings;

	private final TopicGate topics;

	private final Farewell farewell;

	private final ArrayDeque<MqttMessage> early = new ArrayDeque<>();

	private State state = State.AWAITING_CONNECT;

	private boolean mqtt5;

	/** MQTT 5 only. */
	private ClientTerms terms;

	/** MQTT 5 only. */
	private SessionTerms session;

	private ScheduledFuture<?> deadline;

	EdgeGate(Admissions admissions, BrokerAccess access, BadInput badInput, BrokerSettings settings) {
		this.check = new ConnectCheck(admissions);
		this.badInput = badInput;
		this.connectTimeout = settings.connectTimeout();
		this.settings = settings;
		this.topics = new TopicGate(access, badInput, settings.refusedFilters());
		this.farewell = new Farewell(badInput);
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		// Added when the connection becomes active: a client that dribbles its CONNECT is closed all the same.
		deadline = ctx.executor().schedule(() -> {
			if (state == State.AWAITING_CONNECT) {
				badInput.closing(ctx.channel(), BadInput.Kind.CONNECT_TIMEOUT, "no CONNECT within " + connectTimeout);
			}
		}, connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (farewell.said()) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (!(msg instanceof MqttMessage message)) {
			ctx.fireChannelRead(msg);
			return;
		}
		if (message.decoderResult().isFailure()) {
			ReferenceCountUtil.release(message);
			malformed(ctx, message.decoderResult().cause());
			return;
		}
		MqttMessageType type = message.fixedHeader().messageType();
		switch (state) {
			case AWAITING_CONNECT -> {
				if (type == MqttMessageType.CONNECT) {
					connect(ctx, (MqttConnectMessage) message);
				}
				else {
					violation(ctx, message, type + " before CONNECT");
				}
			}
			case CONNECTING -> early.add(message);
			case CONNECTED -> {
				if (type == MqttMessageType.CONNECT) {
					violation(ctx, message, "a second CONNECT");
				}
				else if (type == MqttMessageType.DISCONNECT && session != null) {
					disconnect(ctx, message);
				}
				else if (!topics.pass(ctx, message)) {
					ReferenceCountUtil.release(message);
					badInput.closing(ctx.channel(), BadInput.Kind.PROTOCOL_VIOLATION, type + " without topic filters");
				}
			}
		}
	}

	private void connect(ChannelHandlerContext ctx, MqttConnectMessage connect) {
		state = State.CONNECTING;
		// Nothing more is read until the verdict; what the last read already decoded waits in `early`.
		ctx.channel().config().setAutoRead(false);
		mqtt5 = connect.variableHeader().version() == 5;
		ctx.channel().attr(MQTT5).set(mqtt5);
		terms = mqtt5 ? ClientTerms.of(connect, settings) : null;
		session = mqtt5 ? terms.session() : null;
		check.start(ctx, connect, terms, topics);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (farewell.said()) {
			Farewell.drop(msg, promise);
			return;
		}
		if (state == State.CONNECTING && msg instanceof MqttConnAckMessage ack
				&& ack.variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
			if (mqtt5 && ack.variableHeader().properties() != MqttProperties.NO_PROPERTIES) {
				terms.state(ack.variableHeader().properties());
			}
			ChannelPromise sent = promise.unvoid();
			// Moquette counts the connection as connected in its own listener on this write; run after it.
			sent.addListener((f) -> {
				if (f.isSuccess()) {
					ctx.executor().execute(() -> open(ctx));
				}
			});
			ctx.write(msg, sent);
			return;
		}
		ctx.write(topics.outbound(msg), promise);
	}

	/** The CONNACK is out: what the client sent behind its CONNECT goes on, in order, and reading resumes. */
	private void open(ChannelHandlerContext ctx) {
		if (!ctx.channel().isActive()) {
			return;
		}
		if (!MoquetteInternals.isConnected(ctx.channel())) {
			// Moquette's own listener on the CONNACK write has not run yet; it is queued on this event loop.
			ctx.executor().schedule(() -> open(ctx), 1, TimeUnit.MILLISECONDS);
			return;
		}
		state = State.CONNECTED;
		deadline.cancel(false);
		if (session != null && session.freshButKept()) {
			MoquetteInternals.keepQueuedWhileAway(ctx.channel());
		}
		while (!early.isEmpty() && ctx.channel().isActive()) {
			channelRead(ctx, early.poll());
		}
		ctx.channel().config().setAutoRead(true);
	}

	/** An MQTT 5 DISCONNECT may change how long the session is kept; Moquette ignores that, so it is set here. */
	private void disconnect(ChannelHandlerContext ctx, MqttMessage disconnect) {
		OptionalLong seconds;
		try {
			seconds = session.setBy(disconnect);
		}
		catch (IllegalArgumentException ex) {
			violation(ctx, disconnect, ex.getMessage());
			return;
		}
		// Routed to the session loop before Moquette routes the DISCONNECT there, so it takes effect first.
		seconds.ifPresent((s) -> MoquetteInternals.expireAfter(ctx.channel(), (int) s));
		ctx.fireChannelRead(disconnect);
	}

	/** An MQTT 5 client is told when its packet was too large (DISCONNECT 0x95) before the connection closes. */
	private void malformed(ChannelHandlerContext ctx, Throwable cause) {
		if (mqtt5 && state == State.CONNECTED && cause instanceof TooLongFrameException) {
			farewell.say(ctx, PACKET_TOO_LARGE, BadInput.Kind.MALFORMED, String.valueOf(cause));
		}
		else {
			badInput.closing(ctx.channel(), BadInput.Kind.MALFORMED, String.valueOf(cause));
		}
	}

	private void violation(ChannelHandlerContext ctx, MqttMessage message, String what) {
		ReferenceCountUtil.release(message);
		badInput.closing(ctx.channel(), BadInput.Kind.PROTOCOL_VIOLATION, what);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		// Not passed on: Moquette would log a stack trace for every reset connection and every bad packet.
		if (cause instanceof IOException) {
			ctx.close();
		}
		else {
			badInput.closing(ctx.channel(), BadInput.Kind.ERROR, cause.toString());
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		early.forEach(ReferenceCountUtil::release);
		early.clear();
		deadline.cancel(false);
		check.cancel();
		ctx.fireChannelInactive();
	}

}
