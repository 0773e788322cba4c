package io.lowband.broker;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.moquette.broker.NettyUtils;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

/**
 * One per connection, outside the gate: gives each message an MQTT 5 client receives the identifiers of all its
 * subscriptions that match, from {@link SubscriptionIds}, which it keeps up to date with what the client subscribes
 * to (a filter counts once its SUBACK grants it) and unsubscribes from. Used only on the channel's event loop.
 */
final class SubscriptionIdentifiers extends ChannelDuplexHandler {

	static final String NAME = "lowbandSubscriptionIds";

	private static final int SUBSCRIPTION_IDENTIFIER = MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value();

	private final SubscriptionIds ids;

	private boolean mqtt5;

	/** SUBSCRIBEs not answered yet, by packet id: their filters and their identifier (0 for none). */
	private final Map<Integer, Subscribing> subscribing = new HashMap<>();

	private record Subscribing(List<String> filters, int id) {
	}

	SubscriptionIdentifiers(SubscriptionIds ids) {
		this.ids = ids;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof MqttConnectMessage connect) {
			mqtt5 = connect.variableHeader().version() == 5;
		}
		else if (mqtt5 && msg instanceof MqttSubscribeMessage subscribe) {
			MqttProperties.MqttProperty<?> id = subscribe.idAndPropertiesVariableHeader()
				.properties()
				.getProperty(SUBSCRIPTION_IDENTIFIER);
			subscribing.put(subscribe.variableHeader().messageId(),
					new Subscribing(subscribe.payload().topicSubscriptions().stream().map(MqttTopicSubscription::topicName).toList(),
							(id != null && id.value() instanceof Integer value) ? value : 0));
		}
		else if (mqtt5 && msg instanceof MqttUnsubscribeMessage unsubscribe) {
			String clientId = NettyUtils.clientID(ctx.channel());
			unsubscribe.payload().topics().forEach((filter) -> ids.unsubscribed(clientId, filter));
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (!mqtt5) {
			ctx.write(msg, promise);
			return;
		}
		if (msg instanceof MqttConnAckMessage ack && !ack.variableHeader().isSessionPresent()
				&& ack.variableHeader().connectReturnCode() == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
			ids.sessionStarted(NettyUtils.clientID(ctx.channel()));
		}
		else if (msg instanceof MqttSubAckMessage ack) {
			granted(ctx, ack);
		}
		else if (msg instanceof MqttPublishMessage publish) {
			ctx.write(withAllIds(ctx, publish), promise);
			return;
		}
		ctx.write(msg, promise);
	}

	private void granted(ChannelHandlerContext ctx, MqttSubAckMessage ack) {
		Subscribing request = subscribing.remove(ack.variableHeader().messageId());
		if (request == null) {
			return;
		}
		List<Integer> codes = ack.payload().reasonCodes();
		String clientId = NettyUtils.clientID(ctx.channel());
		for (int i = 0; i < request.filters().size() && i < codes.size(); i++) {
			if (codes.get(i) < 0x80) {
				ids.subscribed(clientId, request.filters().get(i), request.id());
			}
		}
	}

	private MqttPublishMessage withAllIds(ChannelHandlerContext ctx, MqttPublishMessage publish) {
		MqttPublishVariableHeader header = publish.variableHeader();
		List<Integer> matching = ids.matching(NettyUtils.clientID(ctx.channel()), header.topicName());
		if (matching == null || matching.isEmpty()) {
			return publish;
		}
		MqttProperties properties = new MqttProperties();
		header.properties()
			.listAll()
			.stream()
			.filter((p) -> p.propertyId() != SUBSCRIPTION_IDENTIFIER)
			.forEach(properties::add);
		matching.forEach((id) -> properties.add(new MqttProperties.IntegerProperty(SUBSCRIPTION_IDENTIFIER, id)));
		return new MqttPublishMessage(publish.fixedHeader(),
				new MqttPublishVariableHeader(header.topicName(), header.packetId(), properties), publish.payload());
	}

}
