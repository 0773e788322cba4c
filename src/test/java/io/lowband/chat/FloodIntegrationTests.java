package io.lowband.chat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client pipelining chat sends as fast as it can is slowed down by its own connection: the server stops reading
 * its socket while too many of its sends wait to be stored, so what waits in the server stays bounded and another
 * user's sends still go through (issue 11, back-pressure).
 */
class FloodIntegrationTests {

	private static final int BOUND = 50;

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(ChatApi.FAST_SIGN_IN, "--lowband.broker.max-pending-sends=" + BOUND);

	@Test
	void aFloodingClientIsNotReadWhileTooManyOfItsSendsWaitAndOthersStillGetThrough() throws Exception {
		RunningApp app = shared.app();
		ChatApi api = new ChatApi(app);
		ChatUser flooder = api.newUser("flooder");
		ChatUser bob = api.newUser("bob");
		String floodedRoom = api.createRoom(flooder, bob);
		String quietRoom = api.createRoom(bob, api.newUser("carol"));
		AtomicInteger pendingMax = new AtomicInteger();
		MeterRegistry meters = app.context().getBean(MeterRegistry.class);

		try (RawMqtt raw = RawMqtt.open(app.mqttPort())) {
			raw.send(RawMqtt.connect("flood-" + flooder.username(), flooder.username(), flooder.token()));
			assertThat(raw.readPacketType()).isEqualTo(0x20);
			// 20,000 sends of 2 KB (40 MB, more than the socket buffers hold), written in large chunks without ever
			// reading a PUBACK: the writer blocks once the server stops reading and the buffers are full.
			String body = "x".repeat(2_000);
			CompletableFuture<Void> flood = CompletableFuture.runAsync(() -> {
				ByteArrayOutputStream chunk = new ByteArrayOutputStream();
				for (int i = 0; i < 20_000; i++) {
					chunk.writeBytes(RawMqtt.publishQos1(ChatTopics.inbound(floodedRoom, flooder.username()),
							1 + (i % 65_000), "{\"id\":\"flood-" + String.format("%06d", i) + "\",\"body\":\"" + body + "\"}"));
					if (chunk.size() > 16_384) {
						raw.send(chunk.toByteArray());
						chunk.reset();
					}
				}
				raw.send(chunk.toByteArray());
			});
			try (ChatClient bobsPhone = ChatClient.mqtt5(app).as(bob).connect()) {
				List<CompletableFuture<?>> acks = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					sample(meters, pendingMax);
					acks.add(bobsPhone.send(quietRoom, bob.username(), String.format("quiet-%06d", i), "still here"));
					ChatClient.awaitAck(acks.get(i));
				}
				for (int i = 0; i < 100; i++) {
					sample(meters, pendingMax);
					Thread.sleep(20);
				}
			}
			assertThat(flood).isNotDone();
		}
		assertThat(api.history(bob, quietRoom)).hasSize(20);
		assertThat(pendingMax.get()).isGreaterThan(0).isLessThanOrEqualTo(BOUND);
	}

	private static void sample(MeterRegistry meters, AtomicInteger max) {
		double pending = meters.get("lowband.mqtt.sends.pending").gauge().value();
		max.accumulateAndGet((int) pending, Math::max);
	}

}
