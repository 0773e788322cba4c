package io.lowband.bridge;

import java.time.Duration;

import org.springframework.stereotype.Component;

/** When the bridge last took a message off the broker, so a stop can wait until it has gone quiet. */
@Component
class Activity {

	private volatile long lastNanos = System.nanoTime();

	void touch() {
		lastNanos = System.nanoTime();
	}

	/** Waits until nothing has arrived for {@code quiet}, at most {@code longest}; false when it never went quiet. */
	boolean awaitQuiet(Duration quiet, Duration longest) {
		long deadline = System.nanoTime() + longest.toNanos();
		while (System.nanoTime() - lastNanos < quiet.toNanos()) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

}
