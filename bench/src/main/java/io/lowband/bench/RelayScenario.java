package io.lowband.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

/**
 * Scenario 3: plain topics, no persistence, the broker alone. Fan-in: many publishers, one subscriber. Fan-out:
 * one publisher, many subscribers. Each publisher keeps a fixed number of messages in flight end to end (sent
 * but not yet received by every subscriber), so both brokers run at their own capacity instead of being flooded
 * until they drop, and latency means the same thing for both.
 */
final class RelayScenario {

	static final String NAME = "3. Raw relay";

	/** Messages each publisher may have in flight end to end. */
	private static final int WINDOW = 20;

	private static final int PAYLOAD_BYTES = 100;

	private RelayScenario() {
	}

	/**
	 * @param label e.g. "fan-in QoS 1"
	 * @param publishers how many publish
	 * @param subscribers how many subscribe to every publisher's topic
	 * @param qos 0 or 1, both ways
	 */
	record Case(String label, int publishers, int subscribers, MqttQos qos) {
	}

	static List<Case> cases(Options options) {
		int n = options.relayClients();
		return List.of(new Case("fan-in QoS 0 (" + n + " to 1)", n, 1, MqttQos.AT_MOST_ONCE),
				new Case("fan-in QoS 1 (" + n + " to 1)", n, 1, MqttQos.AT_LEAST_ONCE),
				new Case("fan-out QoS 0 (1 to " + n + ")", 1, n, MqttQos.AT_MOST_ONCE),
				new Case("fan-out QoS 1 (1 to " + n + ")", 1, n, MqttQos.AT_LEAST_ONCE));
	}

	static void run(Results results, Options options, Broker broker, Case relay) {
		String prefix = "bench/" + broker.name().toLowerCase() + "/" + relay.label().replaceAll("[^a-z0-9]", "");
		List<Mqtt5AsyncClient> subscribers = Mqtt.connectAll(broker, relay.subscribers(),
				(i) -> Mqtt.Login.anonymous("relay-sub-" + i));
		List<Mqtt5AsyncClient> publishers = Mqtt.connectAll(broker, relay.publishers(),
				(i) -> Mqtt.Login.anonymous("relay-pub-" + i));
		List<Semaphore> windows = new ArrayList<>();
		List<BitSet> seen = new ArrayList<>();
		for (int p = 0; p < relay.publishers(); p++) {
			windows.add(new Semaphore(WINDOW * relay.subscribers()));
		}
		for (int s = 0; s < relay.subscribers() * relay.publishers(); s++) {
			seen.add(new BitSet());
		}
		Latency latency = new Latency();
		AtomicLong received = new AtomicLong();
		AtomicLong duplicates = new AtomicLong();
		for (int s = 0; s < subscribers.size(); s++) {
			int subscriber = s;
			subscribers.get(s).subscribeWith().topicFilter(prefix + "/+").qos(relay.qos()).callback((publish) -> {
				ByteBuffer payload = ByteBuffer.wrap(publish.getPayloadAsBytes());
				int publisher = payload.getInt();
				int seq = (int) payload.getLong();
				latency.recordSince(payload.getLong());
				BitSet bits = seen.get(subscriber * relay.publishers() + publisher);
				synchronized (bits) {
					if (bits.get(seq)) {
						duplicates.incrementAndGet();
						return;
					}
					bits.set(seq);
				}
				received.incrementAndGet();
				windows.get(publisher).release();
			}).send().join();
		}
		ProcessStats.Sample before = broker.sample();
		long start = System.nanoTime();
		long end = start + options.relaySeconds() * 1_000_000_000L;
		List<Thread> threads = new ArrayList<>();
		AtomicLong sent = new AtomicLong();
		AtomicLong stalls = new AtomicLong();
		for (int p = 0; p < relay.publishers(); p++) {
			int publisher = p;
			Thread thread = new Thread(() -> publish(publishers.get(publisher), prefix + "/p" + publisher, publisher,
					relay, windows.get(publisher), end, sent, stalls), "relay-publisher-" + p);
			thread.start();
			threads.add(thread);
		}
		threads.forEach(RelayScenario::join);
		ProcessStats.Sample after = broker.sample();
		double seconds = (System.nanoTime() - start) / 1e9;
		long expected = sent.get() * relay.subscribers();
		for (int wait = 0; wait < 50 && received.get() < expected; wait++) {
			Sleep.millis(100);
		}
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("delivered msg/s", Math.round(received.get() / seconds));
		figures.putAll(latency.figures());
		figures.put("lost", expected - received.get());
		figures.put("duplicates", duplicates.get());
		figures.put("window stalls", stalls.get());
		figures.put("server CPU %", Math.round(after.cpuPercentSince(before)));
		// Throughput near the generator's own limit says little; the server's CPU per message still compares.
		figures.put("server CPU µs/msg", cpuMicrosPerMessage(before, after, received.get()));
		figures.put("RSS MiB", Latency.round(after.rssMiB()));
		results.add(NAME, relay.label(), broker.name(), figures);
		if (expected != received.get() || duplicates.get() > 0 && relay.qos() == MqttQos.AT_MOST_ONCE) {
			results.fail(broker.name() + " " + relay.label() + ": " + (expected - received.get()) + " lost, "
					+ duplicates.get() + " duplicated, " + stalls.get() + " stalls of half a second");
		}
		Mqtt.disconnectAll(subscribers);
		Mqtt.disconnectAll(publishers);
	}

	private static void publish(Mqtt5AsyncClient client, String topic, int publisher, Case relay, Semaphore window,
			long end, AtomicLong sent, AtomicLong stalls) {
		byte[] padding = new byte[PAYLOAD_BYTES - 20];
		for (long seq = 0; System.nanoTime() < end; seq++) {
			try {
				if (!window.tryAcquire(relay.subscribers(), 500, TimeUnit.MILLISECONDS)) {
					// Nothing came back for half a second: messages were dropped (QoS 0 may be) and will never free
					// their place in the window. The loss is counted at the end; the publisher starts a fresh window.
					stalls.incrementAndGet();
					window.drainPermits();
					window.release(WINDOW * relay.subscribers());
					continue;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			ByteBuffer payload = ByteBuffer.allocate(PAYLOAD_BYTES).putInt(publisher).putLong(seq)
				.putLong(System.nanoTime()).put(padding);
			client.publishWith().topic(topic).qos(relay.qos()).payload(payload.array()).send();
			sent.incrementAndGet();
		}
	}

	static Object cpuMicrosPerMessage(ProcessStats.Sample before, ProcessStats.Sample after, long messages) {
		if (before.cpuSeconds() < 0 || messages == 0) {
			return "n/a";
		}
		return Latency.round(1e6 * (after.cpuSeconds() - before.cpuSeconds()) / messages);
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
