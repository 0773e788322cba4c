package io.lowband.broker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.moquette.broker.NettyUtils;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;

/**
 * What a connected client may subscribe to and publish, decided by {@link BrokerAccess} before Moquette sees the
 * packet, for plain and shared ({@code $share/{group}/{filter}}) filters alike. Moquette 0.18 checks the filter
 * inside a shared subscription but registers it even when its own check refused it, so refused filters are taken
 * out of the SUBSCRIBE here and their refusal codes put back into Moquette's SUBACK. A refused publish is answered
 * as the spec says: MQTT 5 hears "not authorized" (0x87), MQTT 3.1.1 a plain acknowledgement, since it cannot be
 * told ([MQTT-3.3.5-2]); either way it is dropped, so a client's in-flight window never fills with refusals.
 * Filters the server never grants ({@code lowband.broker.refused-filters}) are refused with 0x80 in either version,
 * the code for a refusal that gives no reason.
 * One per connection, used only on its event loop.
 */
final class TopicGate {

	private static final String SHARE = "$share/";

	private static final int SUBACK_FAILURE = 0x80;

	private static final byte NOT_AUTHORIZED = (byte) 0x87;

	private final BrokerAccess access;

	private final BadInput badInput;

	private final Set<String> neverGranted;

	/** SUBSCRIBEs passed on without some of their filters: packet id, and each position's refusal code (0: passed). */
	private final Map<Integer, int[]> refusedFilters = new HashMap<>();

	/** MQTT 3.1.1 QoS 2 publishes refused and answered with PUBREC, whose PUBREL this gate answers too. */
	private final Set<Integer> refusedExactlyOnce = new HashSet<>();

	private boolean server;

	private boolean mqtt5;

	TopicGate(BrokerAccess access, BadInput badInput, Set<String> neverGranted) {
		this.access = access;
		this.badInput = badInput;
		this.neverGranted = neverGranted;
	}

	/** Called at CONNECT. The server's own clients are not checked. */
	void identify(boolean isServer, boolean isMqtt5) {
		this.server = isServer;
		this.mqtt5 = isMqtt5;
	}

	/**
	 * Passes a connected client's packet on, trimmed, or answers it here.
	 * @return false for a SUBSCRIBE or UNSUBSCRIBE without filters, a protocol violation
	 */
	boolean pass(ChannelHandlerContext ctx, MqttMessage message) {
		switch (message.fixedHeader().messageType()) {
			case SUBSCRIBE -> {
				return subscribe(ctx, (MqttSubscribeMessage) message);
			}
			case UNSUBSCRIBE -> {
				if (((MqttUnsubscribeMessage) message).payload().topics().isEmpty()) {
					return false;
				}
			}
			case PUBLISH -> {
				publish(ctx, (MqttPublishMessage) message);
				return true;
			}
			case PUBREL -> {
				int packetId = ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
				if (refusedExactlyOnce.remove(packetId)) {
					writeInOrder(ctx, reply(MqttMessageType.PUBCOMP, packetId, (byte) 0));
					return true;
				}
			}
			default -> {
			}
		}
		ctx.fireChannelRead(message);
		return true;
	}

	private boolean subscribe(ChannelHandlerContext ctx, MqttSubscribeMessage subscribe) {
		List<MqttTopicSubscription> requested = subscribe.payload().topicSubscriptions();
		if (requested.isEmpty()) {
			return false;
		}
		int[] refused = new int[requested.size()];
		List<MqttTopicSubscription> allowed = new ArrayList<>();
		for (int i = 0; i < requested.size(); i++) {
			refused[i] = refusal(ctx, requested.get(i).topicName());
			if (refused[i] == 0) {
				allowed.add(requested.get(i));
			}
		}
		int packetId = subscribe.variableHeader().messageId();
		if (allowed.size() == requested.size()) {
			ctx.fireChannelRead(subscribe);
		}
		else if (allowed.isEmpty()) {
			MqttMessageBuilders.SubAckBuilder ack = MqttMessageBuilders.subAck().packetId(packetId);
			List<Integer> codes = new ArrayList<>();
			for (int code : refused) {
				codes.add(code);
			}
			ctx.writeAndFlush(new MqttSubAckMessage(ack.build().fixedHeader(),
					ack.build().idAndPropertiesVariableHeader(), new MqttSubAckPayload(codes)));
		}
		else {
			refusedFilters.put(packetId, refused);
			ctx.fireChannelRead(new MqttSubscribeMessage(subscribe.fixedHeader(),
					subscribe.idAndPropertiesVariableHeader(), new MqttSubscribePayload(allowed)));
		}
		return true;
	}

	/** The SUBACK code that refuses a filter, or 0 when it may be subscribed to. */
	private int refusal(ChannelHandlerContext ctx, String filter) {
		if (server) {
			return 0;
		}
		if (neverGranted.contains(filter)) {
			return SUBACK_FAILURE;
		}
		return mayRead(ctx, filter) ? 0 : refusalCode();
	}

	private boolean mayRead(ChannelHandlerContext ctx, String filter) {
		String inner = filter;
		if (mqtt5 && filter.startsWith(SHARE)) {
			int slash = filter.indexOf('/', SHARE.length());
			String group = (slash < 0) ? "" : filter.substring(SHARE.length(), slash);
			if (group.isEmpty() || group.contains("+") || group.contains("#") || slash == filter.length() - 1) {
				return false;
			}
			inner = filter.substring(slash + 1);
		}
		return access.mayRead(NettyUtils.clientID(ctx.channel()), NettyUtils.userName(ctx.channel()), inner);
	}

	private void publish(ChannelHandlerContext ctx, MqttPublishMessage publish) {
		String topic = publish.variableHeader().topicName();
		// An empty topic means a topic alias; Moquette has them switched off and closes the connection itself. A $
		// topic is refused to the server's own clients too: Moquette drops such a publish without an answer
		// (MQTTConnection line 736 in 0.18.3), so the sender would wait for its acknowledgement forever.
		if (topic.isEmpty() || (!topic.startsWith("$") && (server
				|| access.mayWrite(NettyUtils.clientID(ctx.channel()), NettyUtils.userName(ctx.channel()), topic)))) {
			ctx.fireChannelRead(publish);
			return;
		}
		int packetId = publish.variableHeader().packetId();
		MqttQoS qos = publish.fixedHeader().qosLevel();
		ReferenceCountUtil.release(publish);
		badInput.refusedPublish();
		if (qos == MqttQoS.AT_LEAST_ONCE) {
			writeInOrder(ctx, reply(MqttMessageType.PUBACK, packetId, mqtt5 ? NOT_AUTHORIZED : 0));
		}
		else if (qos == MqttQoS.EXACTLY_ONCE) {
			// A reason of 0x80 or more ends an MQTT 5 exchange at PUBREC; MQTT 3.1.1 goes on to PUBREL.
			if (!mqtt5) {
				refusedExactlyOnce.add(packetId);
			}
			writeInOrder(ctx, reply(MqttMessageType.PUBREC, packetId, mqtt5 ? NOT_AUTHORIZED : 0));
		}
	}

	/** Puts the refusals of filters taken out of a SUBSCRIBE back into Moquette's SUBACK, in their places. */
	Object outbound(Object msg) {
		if (refusedFilters.isEmpty() || !(msg instanceof MqttSubAckMessage ack)) {
			return msg;
		}
		int[] refused = refusedFilters.remove(ack.variableHeader().messageId());
		if (refused == null) {
			return msg;
		}
		List<Integer> granted = ack.payload().reasonCodes();
		List<Integer> codes = new ArrayList<>(refused.length);
		for (int i = 0, next = 0; i < refused.length; i++) {
			codes.add((refused[i] != 0) ? refused[i] : granted.get(next++));
		}
		return new MqttSubAckMessage(ack.fixedHeader(), ack.idAndPropertiesVariableHeader(),
				new MqttSubAckPayload(codes));
	}

	private int refusalCode() {
		return mqtt5 ? (NOT_AUTHORIZED & 0xFF) : SUBACK_FAILURE;
	}

	/**
	 * Writes an acknowledgement as if Moquette had: through the handlers behind this one, so that it queues behind
	 * PUBACKs still held there (MQTT wants acknowledgements in the order of the publishes).
	 */
	private static void writeInOrder(ChannelHandlerContext ctx, MqttMessage reply) {
		ChannelHandlerContext broker = ctx.pipeline().context("handler");
		(broker != null ? broker : ctx).writeAndFlush(reply);
	}

	private static MqttMessage reply(MqttMessageType type, int packetId, byte reasonCode) {
		return new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0),
				new MqttPubReplyMessageVariableHeader(packetId, reasonCode, MqttProperties.NO_PROPERTIES));
	}

}
