package io.lowband.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One offered rate of the room-chat scenario and what came back of it. Each message must reach each of the
 * room's ten members exactly once: a bit per member per message tells loss from duplicates, which one delivery
 * counter would let cancel out.
 */
final class ChatStep {

	final int number;

	final int rate;

	final int total;

	final Latency latency = new Latency();

	final AtomicLong deliveries = new AtomicLong();

	final AtomicLong duplicates = new AtomicLong();

	final AtomicLong sendFailures = new AtomicLong();

	private final AtomicIntegerArray members;

	volatile long lastDeliveryNanos;

	ChatStep(int number, int rate, int seconds) {
		this.number = number;
		this.rate = rate;
		this.total = rate * seconds;
		this.members = new AtomicIntegerArray(total);
	}

	String messageId(int index) {
		return String.format("b%02d-%09d", number, index);
	}

	/** A 100-character body that starts with the send time. */
	static String body(long sentNanos) {
		String stamp = sentNanos + " ";
		return stamp + "x".repeat(100 - stamp.length());
	}

	/**
	 * Takes one delivery of {@code rooms/{id}/messages} to member {@code member}. Parsed by hand: ten deliveries per
	 * send at thousands per second would otherwise cost the generator a core that the server needs.
	 *
	 * @return false when the message belongs to another step
	 */
	boolean deliver(int member, byte[] payload) {
		String json = new String(payload, StandardCharsets.UTF_8);
		String id = field(json, "id");
		if (id == null || !id.startsWith(String.format("b%02d-", number))) {
			return false;
		}
		int index = Integer.parseInt(id.substring(id.indexOf('-') + 1));
		String body = field(json, "body");
		latency.recordSince(Long.parseLong(body.substring(0, body.indexOf(' '))));
		int bit = 1 << member;
		int before = members.getAndAccumulate(index, bit, (old, add) -> old | add);
		if ((before & bit) != 0) {
			duplicates.incrementAndGet();
		}
		else {
			deliveries.incrementAndGet();
		}
		lastDeliveryNanos = System.nanoTime();
		return true;
	}

	long expectedDeliveries() {
		return (long) total * Population.ROOM_SIZE;
	}

	/** Messages that reached all ten members. */
	long complete() {
		int all = (1 << Population.ROOM_SIZE) - 1;
		long complete = 0;
		for (int i = 0; i < total; i++) {
			if (members.get(i) == all) {
				complete++;
			}
		}
		return complete;
	}

	private static String field(String json, String name) {
		String key = "\"" + name + "\":\"";
		int start = json.indexOf(key);
		if (start < 0) {
			return null;
		}
		start += key.length();
		return json.substring(start, json.indexOf('"', start));
	}

}
