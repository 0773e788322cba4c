package io.lowband.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

/**
 * Scenario 5: bytes on the recipient's link per delivered 100-byte chat message, counted at the socket: pushed
 * over MQTT at QoS 1, and fetched by REST polling ({@code GET /api/rooms/{id}/messages?after=}) once per message,
 * the least polling that still delivers each message as soon as MQTT would. An empty poll is priced separately:
 * polling pays it on every interval even when nothing was said.
 */
final class BytesScenario {

	static final String NAME = "5. Bytes per message";

	private BytesScenario() {
	}

	static void run(Results results, Options options, LowbandServer lowband, Api api) {
		int count = options.smoke() ? 50 : 200;
		System.out.printf("%s: %d messages of 100 bytes%n", NAME, count);
		api.createUser("bytes-alice", Population.PASSWORD);
		api.createUser("bytes-bob", Population.PASSWORD);
		String alice = api.token("bytes-alice", Population.PASSWORD);
		String bob = api.token("bytes-bob", Population.PASSWORD);
		String room = api.createRoom(alice, "bytes", List.of("bytes-bob"));
		try {
			overMqtt(results, lowband, room, alice, count);
			byRestPolling(results, lowband, api, room, alice, bob, count);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void overMqtt(Results results, LowbandServer lowband, String room, String alice, int count)
			throws IOException {
		Mqtt.Login bob = new Mqtt.Login("bytes-bob-phone", "bytes-bob", Population.PASSWORD, false, 3600);
		Mqtt.Login sender = new Mqtt.Login("bytes-alice-phone", "bytes-alice", alice, false, 3600);
		try (CountingProxy link = new CountingProxy(lowband.broker().mqttPort())) {
			SeqCollector received = new SeqCollector(count);
			Mqtt5AsyncClient recipient = Mqtt.reconnecting("127.0.0.1", link.port(), lowband.broker(), bob,
					new AtomicInteger());
			recipient.publishes(MqttGlobalPublishFilter.ALL, received::accept);
			Mqtt.connect(recipient, bob, true).join();
			CatchUpScenario.subscribe(recipient, List.of("rooms/" + room + "/messages"));
			Mqtt5AsyncClient phone = Mqtt.client(lowband.broker(), sender);
			Mqtt.connect(phone, sender, true).join();
			long up = link.up();
			long down = link.down();
			for (int i = 0; i < count; i++) {
				String send = "{\"id\":\"" + String.format("bytes-%06d", i) + "\",\"body\":\""
						+ ChatStep.body(System.nanoTime()) + "\"}";
				phone.publishWith().topic("rooms/" + room + "/in/bytes-alice").qos(MqttQos.AT_LEAST_ONCE)
					.payload(send.getBytes(StandardCharsets.UTF_8)).send().join();
			}
			boolean complete = received.await(60);
			// The PUBACKs of the last copies may still be on their way up.
			Sleep.millis(200);
			add(results, "MQTT push (QoS 1)", count, link.up() - up, link.down() - down, complete ? 1 : 0);
			phone.disconnect().join();
			recipient.disconnect().join();
		}
	}

	private static void byRestPolling(Results results, LowbandServer lowband, Api api, String room, String alice,
			String bob, int count) throws IOException {
		try (CountingProxy link = new CountingProxy(lowband.httpPort())) {
			Api polling = new Api("http://127.0.0.1:" + link.port());
			long held = polling.lastSeq(bob, room);
			long emptyUp = link.up();
			long emptyDown = link.down();
			polling.after(bob, room, held, 50);
			add(results, "REST, one empty poll", 1, link.up() - emptyUp, link.down() - emptyDown, 1);
			long up = link.up();
			long down = link.down();
			long polls = 0;
			for (int i = 0; i < count; i++) {
				api.send(alice, room, String.format("polled-%06d", i), ChatStep.body(System.nanoTime()));
				for (long before = held; held == before; polls++) {
					JsonNode page = polling.after(bob, room, held, 50);
					for (JsonNode message : page.get("messages")) {
						held = Math.max(held, message.get("seq").asLong());
					}
				}
			}
			add(results, "REST polling, a poll per message", count, link.up() - up, link.down() - down,
					(double) polls / count);
		}
	}

	private static void add(Results results, String label, int count, long up, long down, double pollsPerMessage) {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("messages", count);
		figures.put("up bytes/msg", Latency.round((double) up / count));
		figures.put("down bytes/msg", Latency.round((double) down / count));
		figures.put("total bytes/msg", Latency.round((double) (up + down) / count));
		if (label.startsWith("REST polling")) {
			figures.put("polls/msg", Latency.round(pollsPerMessage));
		}
		results.add(NAME, label, "Lowband", figures);
		if (pollsPerMessage == 0) {
			results.fail(label + ": not every message arrived");
		}
	}

}
