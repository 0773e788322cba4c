package io.lowband.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

/**
 * Scenario 4: a device that missed N messages comes back; the time from connecting until it holds them all, over
 * loopback through a {@link CountingProxy}. For Lowband's chat: a returning device (its persistent session's queue
 * plus the sync it asks for) and a new device (sync alone). For both brokers: a plain persistent session's queue.
 */
final class CatchUpScenario {

	static final String NAME = "4. Catch-up";

	private static final int AT_MOST_SECONDS = 60;

	private CatchUpScenario() {
	}

	static void chat(Results results, Options options, LowbandServer lowband, Api api) {
		int missed = options.missed();
		System.out.printf("%s: %d missed chat messages%n", NAME, missed);
		api.createUser("catchup-alice", Population.PASSWORD);
		api.createUser("catchup-bob", Population.PASSWORD);
		String alice = api.token("catchup-alice", Population.PASSWORD);
		String room = api.createRoom(alice, "catch-up", List.of("catchup-bob"));
		Mqtt.Login phone = new Mqtt.Login("catchup-bob-phone", "catchup-bob", Population.PASSWORD, false, 3600);
		Mqtt5AsyncClient away = Mqtt.reconnecting(lowband.broker().host(), lowband.broker().mqttPort(),
				lowband.broker(), phone, new AtomicInteger());
		// Clean start off even the first time: Lowband's broker keeps no queue for a session that began with clean
		// start on, whatever its expiry (see docs/benchmarks.md).
		Mqtt.connect(away, phone, false).join();
		subscribe(away, List.of("rooms/" + room + "/messages", "users/catchup-bob/inbox"));
		away.disconnect().join();

		Api.inParallel(missed, (i) -> {
			api.send(alice, room, String.format("missed-%06d", i), ChatStep.body(System.nanoTime()));
			return i;
		});
		if (api.lastSeq(alice, room) != missed) {
			results.fail("the catch-up room holds " + api.lastSeq(alice, room) + " messages, not " + missed);
		}
		String sync = "{\"rooms\":{\"" + room + "\":0}}";
		comeBack(results, lowband.broker(), "chat, returning device (session queue + sync)", phone, false, missed,
				List.of("rooms/" + room + "/messages", "users/catchup-bob/inbox"), sync, false);
		Mqtt.Login tablet = new Mqtt.Login("catchup-bob-tablet", "catchup-bob", Population.PASSWORD, false, 0);
		comeBack(results, lowband.broker(), "chat, new device (sync alone)", tablet, true, missed,
				List.of("rooms/" + room + "/messages", "users/catchup-bob/inbox"), sync, false);
		// Either way the target is the same: all missed messages within a second on loopback.
	}

	/** A plain persistent session's queue: the broker keeps N QoS 1 messages for an offline subscriber. */
	static void queue(Results results, Options options, Broker broker) {
		int missed = options.missed();
		String topic = "bench/catchup/" + broker.name().toLowerCase();
		Mqtt.Login subscriber = new Mqtt.Login("queue-sub-" + broker.name().toLowerCase(), null, null, false, 3600);
		Mqtt5AsyncClient away = Mqtt.reconnecting(broker.host(), broker.mqttPort(), broker, subscriber,
				new AtomicInteger());
		Mqtt.connect(away, subscriber, false).join();
		subscribe(away, List.of(topic));
		away.disconnect().join();
		Mqtt5AsyncClient publisher = Mqtt.client(broker, Mqtt.Login.anonymous("queue-pub"));
		Mqtt.connect(publisher, Mqtt.Login.anonymous("queue-pub"), true).join();
		CompletableFuture.allOf(java.util.stream.IntStream.range(0, missed)
			.mapToObj((i) -> publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
				.payload((i + " " + ChatStep.body(System.nanoTime())).getBytes(StandardCharsets.UTF_8)).send())
			.toArray(CompletableFuture[]::new)).join();
		publisher.disconnect().join();
		comeBack(results, broker, "plain session queue", subscriber, false, missed, List.of(), null, true);
	}

	private static void comeBack(Results results, Broker broker, String label, Mqtt.Login login, boolean cleanStart,
			int missed, List<String> topics, String sync, boolean raw) {
		try (CountingProxy link = new CountingProxy(broker.mqttPort())) {
			SeqCollector device = new SeqCollector(missed);
			AtomicInteger connects = new AtomicInteger();
			Mqtt5AsyncClient client = Mqtt.reconnecting("127.0.0.1", link.port(), broker, login, connects);
			// Registered before connecting: a persistent session's queue starts flowing right after CONNACK.
			client.publishes(MqttGlobalPublishFilter.ALL, raw ? device::acceptRaw : device::accept);
			long start = System.nanoTime();
			Mqtt.connect(client, login, cleanStart).join();
			subscribe(client, topics);
			if (sync != null) {
				client.publishWith().topic("users/" + login.username() + "/sync").qos(MqttQos.AT_LEAST_ONCE)
					.payload(sync.getBytes(StandardCharsets.UTF_8)).send().join();
			}
			boolean complete = device.await(AT_MOST_SECONDS);
			double millis = (System.nanoTime() - start) / 1e6;
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("missed", missed);
			figures.put("held", device.held());
			figures.put("ms until all held", complete ? Latency.round(millis) : "not within " + AT_MOST_SECONDS + " s");
			figures.put("copies by then", device.copies());
			// Over 1: the broker closed the connection (a SUBSCRIBE right after CONNACK, see README) and the device
			// reconnected a second later, which the time includes, as a user would wait for it.
			figures.put("connects", connects.get());
			figures.put("bytes/msg (both ways)", Latency.round((double) (link.up() + link.down()) / missed));
			results.add(NAME, label, broker.name(), figures);
			if (!complete) {
				results.fail(broker.name() + " " + label + ": held " + device.held() + " of " + missed);
			}
			if (sync != null) {
				results.check("catch-up of " + missed + " messages in under 1 s on loopback (" + label + ")",
						Latency.round(millis) + " ms", complete && millis < 1000);
			}
			client.disconnect().join();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void subscribe(Mqtt5AsyncClient client, List<String> topics) {
		for (String topic : topics) {
			client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send()
				.orTimeout(AT_MOST_SECONDS, TimeUnit.SECONDS).join();
		}
	}

}
