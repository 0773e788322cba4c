package io.lowband.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

/**
 * Scenario 2: rooms of ten members, every member subscribed to its room, senders publishing through the real chat
 * pipeline (broker, bridge, MongoDB, fan-out) at QoS 1 at rising rates until it no longer keeps up or loses a
 * message. A rate is held when p99 stays under 100 ms and nothing is lost.
 */
final class RoomChatScenario {

	static final String NAME = "2. Room chat";

	private static final double P99_LIMIT_MILLIS = 100;

	/** A step stores less than this share of its offered rate: the pipeline no longer keeps up. */
	private static final double SATURATED = 0.9;

	private volatile ChatStep current;

	private final AtomicLong strays = new AtomicLong();

	private RoomChatScenario() {
	}

	static void run(Results results, Options options, LowbandServer lowband, Population population,
			List<Mqtt5AsyncClient> clients, Path out) {
		System.out.printf("%s: %d rooms of %d, rates %s msg/s, %d s each%n", NAME, population.rooms().size(),
				Population.ROOM_SIZE, options.rates(), options.stepSeconds());
		new RoomChatScenario().steps(results, options, lowband, population, clients, out);
	}

	private void steps(Results results, Options options, LowbandServer lowband, Population population,
			List<Mqtt5AsyncClient> clients, Path out) {
		long unsubscribed = subscribeAll(population, clients);
		if (unsubscribed > 0) {
			results.fail(unsubscribed + " members could not subscribe to their room");
		}
		// Not reported: the first sends pay for class loading and JIT compilation in both processes.
		ChatStep warmUp = new ChatStep(99, options.rates().get(0), options.smoke() ? 1 : 5);
		current = warmUp;
		send(warmUp, population, clients);
		awaitDrain(warmUp, options.smoke() ? 3 : 10);
		long sent = warmUp.total;
		if (options.profile()) {
			lowband.startProfile(out);
		}
		int best = 0;
		long peak = 0;
		boolean saturated = false;
		// Steps go on past a missed p99 until the pipeline stops keeping up (or loses a message), so that the run
		// shows both the best rate held and the most it can store.
		for (int number = 0; number < options.rates().size() && !saturated; number++) {
			ChatStep step = new ChatStep(number, options.rates().get(number), options.stepSeconds());
			long droppedBefore = lowband.droppedCommands();
			ProcessStats.Sample before = lowband.broker().sample();
			current = step;
			long start = System.nanoTime();
			send(step, population, clients);
			ProcessStats.Sample sending = lowband.broker().sample();
			awaitDrain(step, options.smoke() ? 3 : 10);
			sent += step.total;
			// From the first send to the last delivery: a backlog drained after the step still counts against it.
			double seconds = Math.max(step.lastDeliveryNanos - start, 1) / 1e9;
			long stored = Math.round(step.complete() / seconds);
			boolean passed = report(results, step, seconds, before, sending, lowband.droppedCommands() - droppedBefore);
			best = passed ? Math.max(best, step.rate) : best;
			peak = Math.max(peak, stored);
			saturated = stored < SATURATED * step.rate || step.deliveries.get() < step.expectedDeliveries();
			Sleep.millis(1000);
		}
		if (options.profile()) {
			Path jfr = out.resolve("lowband-room-chat.jfr");
			lowband.dumpProfile(jfr);
			Profile.summarize(jfr, out.resolve("profile-room-chat.txt"), results, "the room-chat scenario");
		}
		confirmStored(results, lowband, population, sent);
		results.add(NAME, "still connected after the run", "Lowband",
				new LinkedHashMap<>(Map.of("held", Mqtt.connected(clients), "stray deliveries", strays.get())));
		results.check("at least 10,000 stored chat messages/s with p99 under 100 ms and zero loss",
				"best rate held " + best + " msg/s (" + best * Population.ROOM_SIZE + " deliveries/s); at most " + peak
						+ " stored msg/s at any p99",
				best >= 10_000);
	}

	private long subscribeAll(Population population, List<Mqtt5AsyncClient> clients) {
		Semaphore slots = new Semaphore(200);
		AtomicLong failed = new AtomicLong();
		for (int i = 0; i < clients.size(); i++) {
			Mqtt5AsyncClient client = clients.get(i);
			if (client == null) {
				failed.incrementAndGet();
				continue;
			}
			int member = i % Population.ROOM_SIZE;
			slots.acquireUninterruptibly();
			client.subscribeWith().topicFilter("rooms/" + population.roomOf(i) + "/messages").qos(MqttQos.AT_LEAST_ONCE)
				.callback((publish) -> {
					ChatStep step = current;
					if (step == null || !step.deliver(member, publish.getPayloadAsBytes())) {
						strays.incrementAndGet();
					}
				}).send().orTimeout(30, TimeUnit.SECONDS).whenComplete((ack, failure) -> {
					if (failure != null) {
						failed.incrementAndGet();
					}
					slots.release();
				});
		}
		slots.acquireUninterruptibly(200);
		return failed.get();
	}

	/** Offers the step's rate evenly: message i leaves at start + i / rate, from the next member of the next room. */
	private static void send(ChatStep step, Population population, List<Mqtt5AsyncClient> clients) {
		int rooms = population.rooms().size();
		long start = System.nanoTime();
		for (int i = 0; i < step.total; i++) {
			long due = start + (long) (i * 1e9 / step.rate);
			for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
				LockSupport.parkNanos(wait);
			}
			int room = i % rooms;
			int user = room * Population.ROOM_SIZE + (i / rooms) % Population.ROOM_SIZE;
			Mqtt5AsyncClient sender = clients.get(user);
			if (sender == null || !sender.getState().isConnected()) {
				step.sendFailures.incrementAndGet();
				continue;
			}
			String payload = "{\"id\":\"" + step.messageId(i) + "\",\"body\":\"" + ChatStep.body(System.nanoTime())
					+ "\"}";
			CompletableFuture<?> puback = sender.publishWith()
				.topic("rooms/" + population.rooms().get(room) + "/in/" + population.users().get(user))
				.qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send()
				.thenAccept((result) -> result.getError().ifPresent((error) -> step.sendFailures.incrementAndGet()));
			puback.exceptionally((failure) -> {
				step.sendFailures.incrementAndGet();
				return null;
			});
		}
	}

	/** Waits until every delivery arrived, or until none arrived for {@code quietSeconds}. */
	private static void awaitDrain(ChatStep step, int quietSeconds) {
		long lastCount = -1;
		long lastProgress = System.nanoTime();
		while (step.deliveries.get() < step.expectedDeliveries()
				&& System.nanoTime() - lastProgress < quietSeconds * 1_000_000_000L) {
			long count = step.deliveries.get();
			if (count != lastCount) {
				lastCount = count;
				lastProgress = System.nanoTime();
			}
			Sleep.millis(100);
		}
	}

	private static boolean report(Results results, ChatStep step, double seconds, ProcessStats.Sample before,
			ProcessStats.Sample sending, long dropped) {
		long lost = step.expectedDeliveries() - step.deliveries.get();
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("offered msg/s", step.rate);
		figures.put("sent", step.total);
		figures.put("stored msg/s", Math.round(step.complete() / seconds));
		figures.put("deliveries/s", Math.round(step.deliveries.get() / seconds));
		figures.putAll(step.latency.figures());
		figures.put("lost deliveries", lost);
		figures.put("duplicates", step.duplicates.get());
		figures.put("send failures", step.sendFailures.get());
		figures.put("queue-full drops", dropped);
		figures.put("server CPU %", Math.round(sending.cpuPercentSince(before)));
		figures.put("RSS MiB", Latency.round(sending.rssMiB()));
		if (lost > 0 || step.duplicates.get() > 0) {
			results.fail(step.rate + " msg/s: " + lost + " deliveries lost, " + step.duplicates.get() + " duplicated");
		}
		boolean passed = lost == 0 && step.sendFailures.get() == 0 && step.latency.p99Millis() < P99_LIMIT_MILLIS;
		figures.put("held", passed ? "yes" : "no");
		results.add(NAME, step.rate + " msg/s offered", "Lowband", figures);
		return passed;
	}

	/** History must hold every send: counts what the REST API reports as each room's last seq. */
	private static void confirmStored(Results results, LowbandServer lowband, Population population, long sent) {
		Api api = new Api(lowband.baseUrl());
		long stored = Api.inParallel(population.rooms().size(),
				(r) -> api.lastSeq(population.creatorToken(r), population.rooms().get(r)))
			.stream().mapToLong(Long::longValue).sum();
		results.add(NAME, "history after the run", "Lowband",
				new LinkedHashMap<>(Map.of("sent", sent, "stored (sum of lastSeq)", stored)));
		if (stored != sent) {
			results.fail("history holds " + stored + " messages but " + sent + " were sent");
		}
	}

}
