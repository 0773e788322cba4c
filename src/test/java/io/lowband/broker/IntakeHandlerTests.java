package io.lowband.broker;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The edge's intake on one connection, without a broker: taken publishes never go on, their acknowledgements leave
 * in publish order once dealt with (with the outcome's reason code), and the connection is not read while too many
 * wait, on it or on the whole server.
 */
class IntakeHandlerTests {

	private final List<CompletableFuture<PublishOutcome>> taken = new ArrayList<>();

	private final EdgeIntake intake = new EdgeIntake() {

		@Override
		public boolean takes(String topic) {
			return topic.startsWith("in/");
		}

		@Override
		public CompletionStage<PublishOutcome> take(String username, String topic, byte[] payload) {
			CompletableFuture<PublishOutcome> outcome = new CompletableFuture<>();
			taken.add(outcome);
			return outcome;
		}

	};

	@Test
	void acknowledgementsLeaveInPublishOrderOnceDealtWith() {
		EmbeddedChannel channel = channel(100, new PendingSends(new AtomicInteger(), 1000));
		for (int id = 1; id <= 3; id++) {
			channel.writeInbound(publish("in/room", id, MqttQoS.AT_LEAST_ONCE));
		}
		assertThat((Object) channel.readInbound()).as("taken publishes never reach the broker").isNull();

		done(channel, 1, PublishOutcome.ACCEPTED);
		assertThat((Object) channel.readOutbound()).as("the first is not answered yet").isNull();
		done(channel, 0, PublishOutcome.NOT_AUTHORIZED);
		done(channel, 2, PublishOutcome.PAYLOAD_FORMAT_INVALID);

		assertThat(acks(channel)).containsExactly("PUBACK 1 0x87", "PUBACK 2 0x00", "PUBACK 3 0x99");
	}

	@Test
	void theBrokersOwnAcknowledgementsQueueBehindTakenOnes() {
		EmbeddedChannel channel = channel(100, new PendingSends(new AtomicInteger(), 1000));
		channel.writeInbound(publish("in/room", 1, MqttQoS.AT_LEAST_ONCE));
		channel.writeInbound(publish("plain/topic", 2, MqttQoS.AT_LEAST_ONCE));
		MqttPublishMessage routed = channel.readInbound();
		assertThat(routed.variableHeader().topicName()).isEqualTo("plain/topic");
		routed.release();

		channel.writeOutbound(MqttMessageBuilders.pubAck().packetId(2).build());
		assertThat((Object) channel.readOutbound()).isNull();
		done(channel, 0, PublishOutcome.ACCEPTED);

		assertThat(acks(channel)).containsExactly("PUBACK 1 0x00", "PUBACK 2 0x00");
	}

	@Test
	void aTakenExactlyOncePublishIsAnsweredWithPubrecAndItsPubrelWithPubcomp() {
		EmbeddedChannel channel = channel(100, new PendingSends(new AtomicInteger(), 1000));
		channel.writeInbound(publish("in/room", 7, MqttQoS.EXACTLY_ONCE));
		done(channel, 0, PublishOutcome.ACCEPTED);
		channel.writeInbound(reply(MqttMessageType.PUBREL, 7));

		assertThat((Object) channel.readInbound()).isNull();
		assertThat(acks(channel)).containsExactly("PUBREC 7 0x00", "PUBCOMP 7 0x00");
	}

	@Test
	void aConnectionIsNotReadWhileItsBoundIsReachedAndWhatItSentMeanwhileWaitsInOrder() {
		EmbeddedChannel channel = channel(4, new PendingSends(new AtomicInteger(), 1000));
		for (int id = 1; id <= 6; id++) {
			channel.writeInbound(publish("in/room", id, MqttQoS.AT_LEAST_ONCE));
		}
		assertThat(taken).hasSize(4);
		assertThat(channel.config().isAutoRead()).isFalse();

		done(channel, 0, PublishOutcome.ACCEPTED);
		done(channel, 1, PublishOutcome.ACCEPTED);
		assertThat(taken).as("the two that waited are taken, in order").hasSize(6);
		assertThat(channel.config().isAutoRead()).as("4 still wait: more than half the bound").isFalse();

		done(channel, 2, PublishOutcome.ACCEPTED);
		done(channel, 3, PublishOutcome.ACCEPTED);
		assertThat(channel.config().isAutoRead()).isTrue();
		assertThat(acks(channel)).hasSize(4);
	}

	@Test
	void theServerWideBoundHoldsEveryConnectionUntilAQuarterIsAnswered() {
		PendingSends server = new PendingSends(new AtomicInteger(), 8);
		EmbeddedChannel flooder = channel(100, server);
		EmbeddedChannel other = channel(100, server);
		for (int id = 1; id <= 8; id++) {
			flooder.writeInbound(publish("in/room", id, MqttQoS.AT_LEAST_ONCE));
		}
		other.writeInbound(publish("in/other", 1, MqttQoS.AT_LEAST_ONCE));
		assertThat(taken).hasSize(8);
		assertThat(other.config().isAutoRead()).isFalse();

		done(flooder, 0, PublishOutcome.ACCEPTED);
		other.runPendingTasks();
		assertThat(taken).as("7 of 8 still wait: above three quarters").hasSize(8);

		done(flooder, 1, PublishOutcome.ACCEPTED);
		other.runPendingTasks();
		assertThat(taken).hasSize(9);
		assertThat(other.config().isAutoRead()).isTrue();
	}

	@Test
	void aPublishThatCouldNotBeDealtWithClosesTheConnectionUnanswered() {
		EmbeddedChannel channel = channel(100, new PendingSends(new AtomicInteger(), 1000));
		channel.writeInbound(publish("in/room", 1, MqttQoS.AT_LEAST_ONCE));
		taken.get(0).completeExceptionally(new IllegalStateException("store down"));
		channel.runPendingTasks();

		assertThat(channel.isActive()).isFalse();
		assertThat(acks(channel)).isEmpty();
	}

	private EmbeddedChannel channel(int maxPending, PendingSends server) {
		EmbeddedChannel channel = new EmbeddedChannel(new IntakeHandler(intake, maxPending, server));
		channel.attr(EdgeGate.MQTT5).set(true);
		return channel;
	}

	private void done(EmbeddedChannel channel, int index, PublishOutcome outcome) {
		taken.get(index).complete(outcome);
		channel.runPendingTasks();
	}

	private static MqttPublishMessage publish(String topic, int packetId, MqttQoS qos) {
		return MqttMessageBuilders.publish()
			.topicName(topic)
			.messageId(packetId)
			.qos(qos)
			.payload(Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8))
			.build();
	}

	private static MqttMessage reply(MqttMessageType type, int packetId) {
		return IntakeHandler.reply(type, packetId, (byte) 0);
	}

	private static List<String> acks(EmbeddedChannel channel) {
		List<String> acks = new ArrayList<>();
		MqttMessage ack;
		while ((ack = channel.readOutbound()) != null) {
			int id = (ack.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply) ? reply.messageId()
					: ((MqttMessageIdVariableHeader) ack.variableHeader()).messageId();
			byte reason = (ack.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply) ? reply.reasonCode()
					: 0;
			acks.add(ack.fixedHeader().messageType() + " " + id + " " + String.format("0x%02x", reason));
		}
		return acks;
	}

}
