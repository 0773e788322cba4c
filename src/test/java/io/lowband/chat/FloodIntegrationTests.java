package io.lowband.chat;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client pipelining chat sends as fast as it can, for 20 s, slows down only itself: the server stops reading its
 * socket while {@value #BOUND} of its sends wait to be stored, so what waits in the server stays bounded, another
 * user's sends in another room keep being answered quickly, and every send the flooder saw acknowledged is stored
 * (issue 11, back-pressure).
 */
class FloodIntegrationTests {

	private static final int BOUND = 50;

	/** How many sends the flooder keeps unacknowledged: far more than the server's bound. */
	private static final int WINDOW = 2_000;

	private static final long FLOOD_MILLIS = 20_000;

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(ChatApi.FAST_SIGN_IN, "--lowband.broker.max-pending-sends=" + BOUND);

	@Test
	void aClientFloodingForTwentySecondsSlowsOnlyItselfAndLosesNothingAcknowledged() throws Exception {
		RunningApp app = shared.app();
		ChatApi api = new ChatApi(app);
		ChatUser flooder = api.newUser("flooder");
		ChatUser bob = api.newUser("bob");
		String floodedRoom = api.createRoom(flooder, bob);
		String quietRoom = api.createRoom(bob, api.newUser("carol"));
		MeterRegistry meters = app.context().getBean(MeterRegistry.class);
		AtomicInteger pendingMax = new AtomicInteger();
		long heapBefore = usedHeapAfterGc();

		Map<Integer, String> inFlight = new ConcurrentHashMap<>();
		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		Semaphore window = new Semaphore(WINDOW);
		AtomicBoolean flooding = new AtomicBoolean(true);
		List<Long> bobsLatencies = new ArrayList<>();
		try (RawMqtt raw = RawMqtt.open(app.mqttPort())) {
			raw.send(RawMqtt.connect("flood-" + flooder.username(), flooder.username(), flooder.token()));
			assertThat(raw.readPacketType()).isEqualTo(0x20);
			CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
				int packetId;
				while ((packetId = raw.readPubAck()) >= 0) {
					String clientId = inFlight.remove(packetId);
					if (clientId != null) {
						acknowledged.add(clientId);
						window.release();
					}
				}
			});
			CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(
					() -> flood(raw, ChatTopics.inbound(floodedRoom, flooder.username()), inFlight, window, flooding));

			try (ChatClient bobsPhone = ChatClient.mqtt5(app).as(bob).connect()) {
				long end = System.currentTimeMillis() + FLOOD_MILLIS;
				for (int i = 0; System.currentTimeMillis() < end; i++) {
					sample(meters, pendingMax);
					long start = System.nanoTime();
					ChatClient.awaitAck(bobsPhone.send(quietRoom, bob.username(), String.format("quiet-%06d", i), "still here"));
					bobsLatencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
					Thread.sleep(50);
				}
			}
			flooding.set(false);
			int sent = writer.get(30, TimeUnit.SECONDS);
			// What was sent is answered, once the server has stored what it read.
			window.tryAcquire(WINDOW, 30, TimeUnit.SECONDS);
			long heapAfter = usedHeapAfterGc();
			raw.close();
			reader.get(10, TimeUnit.SECONDS);

			List<Long> sorted = bobsLatencies.stream().sorted().toList();
			long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
			System.out.printf("Flood: %d sent, %d acknowledged in %d s; bob: %d sends, p50 %d ms, p99 %d ms, max %d ms; "
					+ "pending sends at most %d; heap after GC %d MB before, %d MB after%n", sent, acknowledged.size(),
					FLOOD_MILLIS / 1000, sorted.size(), sorted.get(sorted.size() / 2), p99, sorted.get(sorted.size() - 1),
					pendingMax.get(), heapBefore >> 20, heapAfter >> 20);

			assertThat(acknowledged).hasSizeGreaterThan(1_000);
			assertThat(p99).as("p99 of another user's sends during the flood, ms").isLessThan(1_000);
			assertThat(pendingMax.get()).isGreaterThan(0).isLessThanOrEqualTo(BOUND);
			assertThat(heapAfter - heapBefore).as("heap growth after GC, bytes").isLessThan(256L << 20);
		}
		// Not containsAll: AssertJ looks each one up by a walk of the other set, and a fast flood acknowledges 200,000.
		Set<String> stored = storedClientIds(app, floodedRoom);
		assertThat(acknowledged.stream().filter((id) -> !stored.contains(id)).toList())
			.as("acknowledged but not stored")
			.isEmpty();
		assertThat(storedClientIds(app, quietRoom)).hasSize(bobsLatencies.size());
	}

	/** Writes sends in chunks while the window allows; returns how many were written. */
	private static int flood(RawMqtt raw, String topic, Map<Integer, String> inFlight, Semaphore window,
			AtomicBoolean flooding) {
		String body = "x".repeat(200);
		ByteArrayOutputStream chunk = new ByteArrayOutputStream();
		int sent = 0;
		try {
			while (flooding.get()) {
				if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
					continue;
				}
				int packetId = 1 + (sent % 65_000);
				String clientId = String.format("flood-%07d", sent);
				inFlight.put(packetId, clientId);
				chunk.writeBytes(RawMqtt.publishQos1(topic, packetId,
						"{\"id\":\"" + clientId + "\",\"body\":\"" + body + "\"}"));
				sent++;
				if (chunk.size() > 16_384 || window.availablePermits() == 0) {
					raw.send(chunk.toByteArray());
					chunk.reset();
				}
			}
			raw.send(chunk.toByteArray());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return sent;
	}

	private static Set<String> storedClientIds(RunningApp app, String room) {
		MongoTemplate mongo = app.context().getBean(MongoTemplate.class);
		return new HashSet<>(mongo.findDistinct(Query.query(Criteria.where("room").is(room)), "clientId", "messages",
				String.class));
	}

	private static long usedHeapAfterGc() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static void sample(MeterRegistry meters, AtomicInteger max) {
		double pending = meters.get("lowband.mqtt.sends.pending").gauge().value();
		max.accumulateAndGet((int) pending, Math::max);
	}

}
