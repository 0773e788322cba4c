package io.lowband.broker;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes taken by the server (see {@link EdgeIntake}) and not yet answered, over all connections: the bound that
 * keeps the server's memory safe whatever the number of clients. While it is reached, every connection that has
 * something more to hand in stops reading its socket and waits here; they are all woken once the count is down to
 * three quarters of the bound. It is also the {@code lowband.mqtt.sends.pending} gauge.
 */
final class PendingSends {

	private final AtomicInteger count;

	private final int max;

	private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

	PendingSends(AtomicInteger count, int max) {
		this.count = count;
		this.max = max;
	}

	boolean full() {
		return count.get() >= max;
	}

	void add(int delta) {
		if (delta == 0) {
			return;
		}
		int now = count.addAndGet(delta);
		if (delta < 0 && now <= max - max / 4) {
			wakeAll();
		}
	}

	/** Runs {@code wake} once the bound is no longer reached (at once, if it is not reached any more). */
	void await(Runnable wake) {
		waiting.add(wake);
		if (!full()) {
			// It drained between the caller's check and now: nobody else may wake this one.
			wakeAll();
		}
	}

	private void wakeAll() {
		Runnable next;
		while ((next = waiting.poll()) != null) {
			next.run();
		}
	}

}
