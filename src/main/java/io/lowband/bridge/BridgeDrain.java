package io.lowband.bridge;

import java.time.Duration;

import io.lowband.broker.MqttBroker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A graceful stop must not lose a send the broker already acknowledged to its sender but had not yet handed to the
 * bridge (Moquette keeps those in memory only). Before the bridge's adapters stop, this closes the broker to
 * clients, then lets the bridge take in everything still queued for it until it has been quiet for a moment.
 */
@Component
class BridgeDrain implements SmartLifecycle {

	/** Stops just before the inbound adapters, which stop at {@code Integer.MAX_VALUE / 2}. */
	static final int PHASE = Integer.MAX_VALUE / 2 + 1000;

	private static final Duration QUIET = Duration.ofMillis(500);

	private static final Duration LONGEST = Duration.ofSeconds(10);

	private static final Logger log = LoggerFactory.getLogger(BridgeDrain.class);

	private final MqttBroker broker;

	private final Activity activity;

	private volatile boolean running;

	BridgeDrain(MqttBroker broker, Activity activity) {
		this.broker = broker;
		this.activity = activity;
	}

	@Override
	public void start() {
		running = true;
	}

	@Override
	public void stop() {
		broker.closeToClients();
		boolean quiet = activity.awaitQuiet(QUIET, LONGEST);
		if (!quiet) {
			log.warn("The bridge was still receiving after {}; stopping anyway, the rest waits in the broker", LONGEST);
		}
		running = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
