package io.lowband.bench;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

/**
 * What a catching-up device holds: the distinct seqs of one room, from live messages and from sync batches alike
 * (a device drops a seq it already has). Done when it holds 1 to {@code expected}.
 */
final class SeqCollector {

	private final int expected;

	private final BitSet seqs = new BitSet();

	private final CountDownLatch complete = new CountDownLatch(1);

	private final Set<String> numbers = new HashSet<>();

	private long copies;

	SeqCollector(int expected) {
		this.expected = expected;
	}

	/** Takes any publish: a stored message carries one seq, a sync batch many, other inbox events none. */
	synchronized void accept(Mqtt5Publish publish) {
		String json = new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
		if (json.contains("\"type\":\"") && !json.contains("\"type\":\"messages\"")) {
			return;
		}
		for (int at = json.indexOf("\"seq\":"); at >= 0; at = json.indexOf("\"seq\":", at + 1)) {
			int start = at + 6;
			int end = start;
			while (end < json.length() && Character.isDigit(json.charAt(end))) {
				end++;
			}
			seqs.set(Integer.parseInt(json.substring(start, end)));
			copies++;
		}
		if (seqs.cardinality() >= expected && seqs.nextClearBit(1) > expected) {
			complete.countDown();
		}
	}

	/**
	 * Takes a plain-topic message, which carries no seq: its payload starts with its number, so a second copy of one
	 * message is still told apart from the next message.
	 */
	synchronized void acceptRaw(Mqtt5Publish publish) {
		String payload = new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
		copies++;
		if (numbers.add(payload.substring(0, payload.indexOf(' ')))) {
			seqs.set(numbers.size());
		}
		if (numbers.size() >= expected) {
			complete.countDown();
		}
	}

	boolean await(int seconds) {
		try {
			return complete.await(seconds, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	synchronized int held() {
		return seqs.cardinality();
	}

	/** Messages received including copies of seqs already held. */
	synchronized long copies() {
		return copies;
	}

}
