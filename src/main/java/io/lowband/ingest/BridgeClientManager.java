package io.lowband.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

import org.springframework.context.Lifecycle;
import org.springframework.integration.mqtt.core.Mqttv5ClientManager;

/**
 * The bridge's one MQTT connection to an external broker, shared by the inbound adapters and the fan-out handler.
 */
class BridgeClientManager extends Mqttv5ClientManager {

	/**
	 * How long stopping waits for Paho to report the DISCONNECT done. Paho 1.2.5 never reports it when the broker
	 * closes the connection in answer, so every stop used to sit out Spring Integration's 5 s default.
	 */
	private static final long DISCONNECT_WAIT_MILLIS = 1000;

	/**
	 * Sends the broker may deliver before the first is acknowledged. Paho's callback thread only hands each to its
	 * writer, so this many can be stored in a few batches while the acknowledgements follow.
	 */
	static final int BRIDGE_RECEIVE_MAXIMUM = 200;

	/** Fan-out messages held while the bridge reconnects; more than that fail and clients catch up by seq. */
	private static final int OFFLINE_BUFFER = 100_000;

	private final List<Lifecycle> alsoUsingTheClient = new CopyOnWriteArrayList<>();

	private final ExecutorService callbacks = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "bridge-subscribe");
		thread.setDaemon(true);
		return thread;
	});

	BridgeClientManager(BridgeSettings settings) {
		super(options(settings), settings.clientId());
		setManualAcks(true);
		setDisconnectCompletionTimeout(DISCONNECT_WAIT_MILLIS);
	}

	/**
	 * Creates the client but does not connect it: see {@link #connect()}. The adapters need a client to start, and
	 * they must register before the first message arrives.
	 */
	@Override
	public void start() {
		this.lock.lock();
		try {
			if (getClient() == null) {
				setClient(newClient());
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Connects, once everything that receives through the client is started. A persistent session delivers what
	 * waited for the bridge the moment it connects; a message that arrives before its adapter registered is dropped
	 * by Spring Integration unacknowledged, and an MQTT 5 broker sends it again only on the next connection.
	 */
	void connect() {
		super.start();
	}

	private MqttAsyncClient newClient() {
		try {
			// What is in flight is recovered from the broker's session and from MongoDB, not from local files.
			MqttAsyncClient client = new MqttAsyncClient(getUrl(), getClientId(), new MemoryPersistence());
			client.setManualAcks(isManualAcks());
			client.setCallback(this);
			// Fan-out published while the connection is down waits here and goes out on reconnect, in order.
			DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
			buffer.setBufferEnabled(true);
			buffer.setBufferSize(OFFLINE_BUFFER);
			buffer.setDeleteOldestMessages(false);
			client.setBufferOpts(buffer);
			return client;
		}
		catch (MqttException ex) {
			throw new IllegalStateException("Could not create the bridge's MQTT client", ex);
		}
	}

	/**
	 * Throws a disconnected client away and connects a new one. Paho 1.2.5's own automatic reconnect is not used:
	 * after a broken socket it can hang for good in {@code CommsSender.start} (a race between the old sender thread's
	 * exit and the new one's start), and a fresh client has no old sender thread. Every component that uses the
	 * client (the inbound adapters, and the fan-out handler on an external broker) is restarted around it, so each
	 * picks up the new client, registers, and subscribes again once it connects.
	 */
	void reconnect() {
		List<Lifecycle> users = Stream.concat(getCallbacks().stream(), alsoUsingTheClient.stream())
			.filter(Lifecycle.class::isInstance)
			.map(Lifecycle.class::cast)
			.filter(Lifecycle::isRunning)
			.toList();
		users.forEach(Lifecycle::stop);
		stop();
		start();
		users.forEach(Lifecycle::start);
		connect();
	}

	/**
	 * Tells the adapters on a thread of its own, not on Paho's callback thread: they subscribe and wait for the
	 * SUBACK, while Paho's callback thread must keep taking what the session delivers at the same moment.
	 */
	@Override
	public void connectComplete(boolean reconnect, String serverURI) {
		callbacks.execute(() -> super.connectComplete(reconnect, serverURI));
	}

	/** A component that holds on to the client but, unlike the inbound adapters, does not register as a callback. */
	void restartOnReconnect(Lifecycle component) {
		alsoUsingTheClient.add(component);
	}

	@Override
	public void stop() {
		IMqttAsyncClient client = getClient();
		if (client != null && !client.isConnected()) {
			// Nothing to say goodbye on: Paho would only log that the client is already disconnected.
			closeQuietly(client);
			setClient(null);
			return;
		}
		// Paho lets in-flight work finish first (the quiesce), but without a connection there is none, and Paho then
		// waits out the whole quiesce timeout (30 s): longer than Spring's shutdown phase, and Kubernetes' grace.
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

	private void closeQuietly(IMqttAsyncClient client) {
		try {
			client.close(true);
		}
		catch (MqttException ex) {
			logger.debug("Closing a disconnected MQTT client failed", ex);
		}
	}

	private static MqttConnectionOptions options(BridgeSettings settings) {
		MqttConnectionOptions options = new MqttConnectionOptions();
		options.setServerURIs(new String[] { settings.brokerUrl() });
		// A persistent session: sends published while the bridge is down wait for it in the broker.
		options.setCleanStart(false);
		options.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
		// See reconnect(): BridgeReconnector brings the connection back with a fresh client.
		options.setAutomaticReconnect(false);
		options.setKeepAliveInterval(30);
		// Paho queues at most 10 arrivals for its callback thread; that thread only hands sends on, so it keeps up.
		options.setReceiveMaximum(BRIDGE_RECEIVE_MAXIMUM);
		if (!settings.username().isEmpty()) {
			options.setUserName(settings.username());
			options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
		}
		return options;
	}

}
