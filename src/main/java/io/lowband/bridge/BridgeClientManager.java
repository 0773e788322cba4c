package io.lowband.bridge;

import java.nio.charset.StandardCharsets;

import io.lowband.broker.MqttBroker;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

import org.springframework.integration.mqtt.core.Mqttv5ClientManager;

/**
 * The bridge's one MQTT connection, shared by the inbound adapter and the fan-out handler. The embedded broker's
 * port is only known once it listens (it may be 0 in the settings), so the address is filled in at start.
 */
class BridgeClientManager extends Mqttv5ClientManager {

	private static final String PENDING_URL = "tcp://embedded-broker-not-started:1883";

	/**
	 * How long stopping waits for Paho to report the DISCONNECT done. Paho 1.2.5 never reports it when the broker
	 * closes the connection in answer, so every stop used to sit out Spring Integration's 5 s default.
	 */
	private static final long DISCONNECT_WAIT_MILLIS = 1000;

	/** Fan-out messages held while the bridge reconnects; more than that fail and clients catch up by seq. */
	private static final int OFFLINE_BUFFER = 100_000;

	private final ScheduledExecutorService reconnector = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "lowband-bridge-reconnect");
		thread.setDaemon(true);
		return thread;
	});

	private final BridgeSettings settings;

	private final MqttBroker embedded;

	/**
	 * Takes the broker itself, not a provider: Spring then knows the dependency and starts the broker first, even
	 * when Spring Integration starts this manager in its earliest phase.
	 */
	BridgeClientManager(BridgeSettings settings, MqttBroker embedded) {
		super(options(settings), settings.clientId());
		this.settings = settings;
		this.embedded = embedded;
		setManualAcks(true);
		setDisconnectCompletionTimeout(DISCONNECT_WAIT_MILLIS);
		// What is in flight is recovered from the broker's session and from MongoDB, not from local files.
		setPersistence(new MemoryPersistence());
	}

	@Override
	public void start() {
		if (settings.usesEmbeddedBroker()) {
			MqttBroker broker = embedded;
			String url = "tcp://127.0.0.1:" + broker.tcpPort();
			setUrl(url);
			MqttConnectionOptions options = getConnectionInfo();
			options.setServerURIs(new String[] { url });
			options.setUserName(broker.serverCredentials().username());
			options.setPassword(broker.serverCredentials().password());
		}
		super.start();
		// Fan-out published while the connection is down waits here and goes out on reconnect, in order.
		DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
		buffer.setBufferEnabled(true);
		buffer.setBufferSize(OFFLINE_BUFFER);
		buffer.setDeleteOldestMessages(false);
		((MqttAsyncClient) getClient()).setBufferOpts(buffer);
	}

	@Override
	public void stop() {
		// Paho lets in-flight work finish first (the quiesce), but without a connection there is none, and Paho then
		// waits out the whole quiesce timeout (30 s): longer than Spring's shutdown phase, and Kubernetes' grace.
		reconnector.shutdownNow();
		long quiesce = getQuiescentTimeout();
		if (!isConnected()) {
			setQuiescentTimeout(0);
		}
		try {
			super.stop();
		}
		finally {
			setQuiescentTimeout(quiesce);
		}
	}

	/**
	 * Paho's own automatic reconnect did not come back after the broker dropped the connection (seen with
	 * Moquette 0.18.3), so the bridge asks for a reconnect itself, again and again, until it is connected.
	 */
	@Override
	public void disconnected(MqttDisconnectResponse response) {
		super.disconnected(response);
		if (!reconnector.isShutdown()) {
			reconnector.schedule(this::reconnectIfNeeded, 1, TimeUnit.SECONDS);
		}
	}

	private void reconnectIfNeeded() {
		IMqttAsyncClient client = getClient();
		if (client == null || client.isConnected() || !isRunning()) {
			return;
		}
		try {
			client.reconnect();
		}
		catch (MqttException ex) {
			// "Connect already in progress" means Paho is on it; anything else is retried below.
		}
		if (!reconnector.isShutdown()) {
			reconnector.schedule(this::reconnectIfNeeded, 2, TimeUnit.SECONDS);
		}
	}

	private static MqttConnectionOptions options(BridgeSettings settings) {
		MqttConnectionOptions options = new MqttConnectionOptions();
		options.setServerURIs(new String[] { settings.usesEmbeddedBroker() ? PENDING_URL : settings.brokerUrl() });
		// A persistent session: sends published while the bridge is down wait for it in the broker.
		options.setCleanStart(false);
		options.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
		options.setAutomaticReconnect(true);
		options.setKeepAliveInterval(30);
		if (!settings.username().isEmpty()) {
			options.setUserName(settings.username());
			options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
		}
		return options;
	}

}
