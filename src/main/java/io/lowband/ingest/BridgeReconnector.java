package io.lowband.ingest;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;

/**
 * Brings the bridge's MQTT connection back after it breaks: checks every second and, when it is down, connects a
 * fresh client (see {@link BridgeClientManager#reconnect()}). What arrived for the bridge meanwhile waits in its
 * persistent session, and senders' PUBACKs wait for it to be stored. Also reconnects on request, to have messages
 * delivered again that the bridge failed to store.
 */
class BridgeReconnector implements SmartLifecycle {

	/**
	 * Starts after, and stops before, the bridge's adapters (which start and stop at {@code Integer.MAX_VALUE / 2}):
	 * a stopping app must not reconnect.
	 */
	static final int PHASE = Integer.MAX_VALUE / 2 + 2000;

	private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

	private static final Logger log = LoggerFactory.getLogger(BridgeReconnector.class);

	private final BridgeClientManager client;

	private volatile ScheduledExecutorService checks;

	private long downSince;

	private final AtomicBoolean redeliver = new AtomicBoolean();

	BridgeReconnector(BridgeClientManager client) {
		this.client = client;
	}

	/** Connects the bridge for the first time: it starts last, after every handler and adapter of the bridge. */
	@Override
	public void start() {
		client.connect();
		checks = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "bridge-reconnect");
			thread.setDaemon(true);
			return thread;
		});
		checks.scheduleWithFixedDelay(this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Asks for a new connection although this one works: a message the bridge could not store stays unacknowledged,
	 * and Moquette resends unacknowledged MQTT 5 messages only when the session reconnects.
	 */
	void redeliverUnacknowledged() {
		redeliver.set(true);
	}

	/**
	 * An adapter could not subscribe although the bridge is connected (Moquette sometimes drops a SUBSCRIBE sent
	 * right after CONNACK): a new connection subscribes again.
	 */
	@EventListener
	void on(MqttConnectionFailedEvent failed) {
		if (checks != null && client.isConnected()) {
			redeliverUnacknowledged();
		}
	}

	private void check() {
		try {
			if (redeliver.getAndSet(false)) {
				log.info("Reconnecting the bridge so that the broker delivers its unacknowledged messages again");
				client.reconnect();
			}
			if (client.isConnected()) {
				if (downSince != 0) {
					log.info("The bridge is connected again after {} ms",
							Duration.ofNanos(System.nanoTime() - downSince).toMillis());
					downSince = 0;
				}
				return;
			}
			if (downSince == 0) {
				downSince = System.nanoTime();
				log.warn("The bridge lost its MQTT connection to {}; reconnecting", client.getUrl());
			}
			client.reconnect();
		}
		catch (RuntimeException ex) {
			log.debug("Reconnecting the bridge failed; trying again in {}", CHECK_EVERY, ex);
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService running = checks;
		checks = null;
		if (running != null) {
			running.shutdownNow();
			awaitQuietly(running);
		}
	}

	private static void awaitQuietly(ScheduledExecutorService executor) {
		try {
			executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return checks != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
