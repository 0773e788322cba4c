package io.lowband.broker;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.ReferenceCountUtil;

/**
 * The last of Lowband's handlers before the encoder: shapes each message an MQTT 5 client receives to what its
 * CONNECT allows.
 * <ul>
 * <li>A message larger than the client's Maximum Packet Size is discarded as if it had been sent [MQTT-3.1.2-25].
 * Moquette 0.18 sends every message whatever its size; at QoS 1 and 2 it then waits for an acknowledgement, so the
 * exchange is completed for it here: it is handed the PUBACK (or PUBREC, then PUBCOMP for its PUBREL) the client
 * would have sent.</li>
 * <li>When the client accepts Topic Aliases, the topics it receives get them (MQTT 5 §3.3.2.3.4): the first message
 * on a topic carries topic and alias, later ones the alias alone. Moquette 0.18 never sends aliases. Up to
 * {@link #MAX_ALIASES} topics, first come; others go by name.</li>
 * </ul>
 * Used only on the channel's event loop.
 */
final class Deliveries extends ChannelDuplexHandler {

	static final String NAME = "lowbandDeliveries";

	static final int MAX_ALIASES = 32;

	private static final int TOPIC_ALIAS = MqttPropertyType.TOPIC_ALIAS.value();

	/** The client's Maximum Packet Size; none stated means the protocol's limit. */
	private int maxPacketBytes = Integer.MAX_VALUE;

	private int maxAliases;

	private final Map<String, Integer> aliases = new HashMap<>();

	/** QoS 2 messages discarded, whose PUBREL from Moquette is answered here. */
	private final Set<Integer> discardedExactlyOnce = new HashSet<>();

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof MqttConnectMessage connect && connect.variableHeader().version() == 5) {
			MqttProperties properties = connect.variableHeader().properties();
			if (properties.getProperty(MqttPropertyType.MAXIMUM_PACKET_SIZE.value()) instanceof
					MqttProperties.IntegerProperty max && max.value() > 0) {
				maxPacketBytes = max.value();
			}
			if (properties.getProperty(MqttPropertyType.TOPIC_ALIAS_MAXIMUM.value()) instanceof
					MqttProperties.IntegerProperty max) {
				maxAliases = Math.min(max.value(), MAX_ALIASES);
			}
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (msg instanceof MqttPublishMessage publish && (maxPacketBytes < Integer.MAX_VALUE || maxAliases > 0)) {
			deliver(ctx, publish, promise);
		}
		else if (!discardedExactlyOnce.isEmpty() && msg instanceof MqttMessage release
				&& release.fixedHeader().messageType() == MqttMessageType.PUBREL
				&& discardedExactlyOnce.remove(packetId(release))) {
			promise.setSuccess();
			answer(ctx, MqttMessageType.PUBCOMP, packetId(release));
		}
		else {
			ctx.write(msg, promise);
		}
	}

	private void deliver(ChannelHandlerContext ctx, MqttPublishMessage publish, ChannelPromise promise) {
		MqttPublishVariableHeader header = publish.variableHeader();
		Integer alias = aliases.get(header.topicName());
		boolean newAlias = alias == null && aliases.size() < maxAliases;
		if (newAlias) {
			alias = aliases.size() + 1;
		}
		MqttPublishMessage shaped = (alias == null) ? publish : aliased(publish, alias, !newAlias);
		if (maxPacketBytes < Integer.MAX_VALUE && PacketSize.ofMqtt5(shaped) > maxPacketBytes) {
			discard(ctx, publish, promise);
			return;
		}
		if (newAlias) {
			aliases.put(header.topicName(), alias);
		}
		ctx.write(shaped, promise);
	}

	private static MqttPublishMessage aliased(MqttPublishMessage publish, int alias, boolean known) {
		MqttPublishVariableHeader header = publish.variableHeader();
		MqttProperties properties = new MqttProperties();
		header.properties().listAll().forEach(properties::add);
		properties.add(new MqttProperties.IntegerProperty(TOPIC_ALIAS, alias));
		return new MqttPublishMessage(publish.fixedHeader(),
				new MqttPublishVariableHeader(known ? "" : header.topicName(), header.packetId(), properties),
				publish.payload());
	}

	private void discard(ChannelHandlerContext ctx, MqttPublishMessage publish, ChannelPromise promise) {
		MqttQoS qos = publish.fixedHeader().qosLevel();
		int packetId = publish.variableHeader().packetId();
		ReferenceCountUtil.release(publish);
		promise.setSuccess();
		if (qos == MqttQoS.AT_LEAST_ONCE) {
			answer(ctx, MqttMessageType.PUBACK, packetId);
		}
		else if (qos == MqttQoS.EXACTLY_ONCE) {
			discardedExactlyOnce.add(packetId);
			answer(ctx, MqttMessageType.PUBREC, packetId);
		}
	}

	/** Hands Moquette the acknowledgement the client would have sent, after the write that asked for it. */
	private static void answer(ChannelHandlerContext ctx, MqttMessageType type, int packetId) {
		MqttMessage ack = new MqttMessage(new MqttFixedHeader(type, false, MqttQoS.AT_MOST_ONCE, false, 0),
				new MqttPubReplyMessageVariableHeader(packetId, (byte) 0, MqttProperties.NO_PROPERTIES));
		ctx.executor().execute(() -> {
			if (ctx.channel().isActive()) {
				ctx.fireChannelRead(ack);
			}
		});
	}

	private static int packetId(MqttMessage message) {
		return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
	}

}
