package io.lowband.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.moquette.broker.Server;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * The embedded Moquette broker, started and stopped by Spring. It starts in an early phase so that it listens
 * before the web server and before anything that connects to it as a client, and it stops after them.
 */
class MoquetteBroker implements MqttBroker, SmartLifecycle {

	/**
	 * Before everything that might connect to it: Spring Integration starts some endpoints, and the MQTT client
	 * manager they depend on, as early as {@code Integer.MIN_VALUE + 1000}. Stopped last for the same reason.
	 */
	static final int PHASE = Integer.MIN_VALUE + 100;

	static final String SERVER_CLIENT_ID = "lowband-server";

	private static final Logger log = LoggerFactory.getLogger(MoquetteBroker.class);

	private final BrokerSettings settings;

	private final Path dataDir;

	private final MoquetteSecurity security;

	private final BrokerEventRelay relay;

	private final ConnectedClients clients;

	private final ServerCredentials serverCredentials;

	private volatile RetainedQos0 retainedQos0;

	private volatile Server server;

	private volatile BoundPorts ports;

	private final BrokerAccess access;

	private final EdgeHandlers edge;

	private final Admissions admissions;

	private final OpenConnections connections;

	private final TlsContext tls;

	/**
	 * @param tls the context of the TLS and WSS listeners, or null for none (then Moquette's own creator is passed,
	 * which it never asks: no secure port is configured)
	 */
	MoquetteBroker(BrokerSettings settings, Path dataDir, BrokerAccess access, EdgeIntake intake,
			ApplicationEventPublisher events, MeterRegistry meters, TlsContext tls) {
		this.settings = settings;
		this.tls = tls;
		this.dataDir = dataDir;
		this.serverCredentials = ServerCredentials.generate();
		this.security = new MoquetteSecurity(access, serverCredentials);
		this.access = access;
		this.edge = new EdgeHandlers(settings, access, intake, serverCredentials, meters);
		this.admissions = edge.admissions();
		this.connections = new OpenConnections(meters);
		this.clients = new ConnectedClients();
		this.relay = new BrokerEventRelay(events, clients);
	}

	@Override
	public void start() {
		Server candidate = new Server();
		edge.open();
		try {
			candidate.startServer(MoquetteConfig.from(settings, dataDir), List.of(relay), tls, security, security);
			ports = BoundPorts.of(candidate, settings);
			RetainedQos0 retained = RetainedQos0.of(MoquetteInternals.read(candidate, "dispatcher"));
			retainedQos0 = retained;
			removeRefusedSharedSubscriptions(candidate);
			BoundPorts bound = ports;
			ChannelHooks.install(candidate, bound.tcp(), serverCredentials, (channel) -> {
				connections.opened(channel, bound);
				edge.install(channel, retained);
			});
			security.writesOnlyWhen((clientId) -> ChannelHooks.hookedOrClosed(candidate, clientId));
		}
		catch (IOException | RuntimeException ex) {
			// Moquette's threads are not daemons: a half-started broker would keep the JVM alive.
			stopQuietly(candidate);
			throw BrokerStartFailed.from(ex, settings);
		}
		server = candidate;
		log.info("MQTT broker listening on {}, data in {}", ports.describe(settings.host(), settings.websocketPath()),
				dataDir);
	}

	/** Before clients connect: a shared subscription kept from an older version may be one the edge now refuses. */
	private void removeRefusedSharedSubscriptions(Server candidate) {
		int removed = MoquetteInternals.removeSharedSubscriptionsUnless(candidate,
				(clientId, filter) -> clientId.startsWith(Admissions.SERVER_CLIENT_ID_PREFIX)
						|| access.mayKeep(clientId, filter));
		if (removed > 0) {
			log.warn("Removed {} stored shared subscription(s) their clients may not have", removed);
		}
	}

	@Override
	public void stop() {
		Server running = server;
		server = null;
		if (running != null) {
			edge.closeAll(QueueCheckpoint.WAIT);
			QueueCheckpoint queues = QueueCheckpoint.readOnceIdle(running);
			// Commits sessions, subscriptions and retained messages to disk.
			running.stopServer();
			admissions.shutdown();
			queues.writeInto(dataDir);
			log.info("MQTT broker stopped");
		}
	}

	@Override
	public boolean isRunning() {
		return server != null;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public boolean isListening() {
		return server != null;
	}

	@Override
	public int tcpPort() {
		return requirePorts().tcp();
	}

	@Override
	public int websocketPort() {
		return requirePorts().websocket();
	}

	@Override
	public InetSocketAddress tcpAddress() {
		return requirePorts().tcpAddress();
	}

	@Override
	public int maxPacketBytes() {
		return settings.maxMessageBytes();
	}

	@Override
	public ProxiedClients proxiedClients() {
		return admissions.proxied();
	}

	@Override
	public int tlsPort() {
		return requirePorts().tls();
	}

	@Override
	public String websocketPath() {
		return settings.websocketPath();
	}

	@Override
	public void publish(String topic, byte[] payload, int qos, boolean retain) {
		Server running = server;
		if (running == null) {
			throw new IllegalStateException("The MQTT broker is not running");
		}
		// Moquette would only clear the topic for a retained QoS 0 message: it goes out unretained and is kept here.
		boolean retainedAtMostOnce = retain && qos == 0;
		MqttPublishMessage message = MqttMessageBuilders.publish()
			.topicName(topic)
			.qos(MqttQoS.valueOf(qos))
			.retained(retain && !retainedAtMostOnce)
			.payload(Unpooled.wrappedBuffer(payload))
			.build();
		running.internalPublish(message, SERVER_CLIENT_ID);
		if (retainedAtMostOnce) {
			retainedQos0.keep(topic, payload);
		}
	}

	@Override
	public void revokeSubscriptions(Collection<String> clientIds, String topic) {
		Server running = server;
		if (running != null) {
			MoquetteInternals.removeSubscriptions(running, topic, Set.copyOf(clientIds));
		}
	}

	@Override
	public int closeConnectionsUsing(String credentialId) {
		return admissions.closeConnectionsUsing(credentialId);
	}

	@Override
	public boolean dropConnection(String clientId) {
		Server running = server;
		try {
			return running != null && running.disconnectClient(clientId);
		}
		catch (NullPointerException ex) {
			// Moquette 0.18 fails this way for a session that has no connection right now.
			return false;
		}
	}

	@Override
	public void disconnectUser(String username) {
		clients.seen(username).stream().filter(this::isConnected).forEach(this::dropConnection);
	}

	@Override
	public boolean isConnected(String clientId) {
		Server running = server;
		return running != null
				&& running.listConnectedClients().stream().anyMatch((client) -> client.getClientID().equals(clientId));
	}

	@Override
	public ServerCredentials serverCredentials() {
		return serverCredentials;
	}

	private BoundPorts requirePorts() {
		BoundPorts known = ports;
		if (known == null) {
			throw new IllegalStateException("The MQTT broker has not started yet");
		}
		return known;
	}

	private static void stopQuietly(Server server) {
		try {
			server.stopServer();
		}
		catch (RuntimeException ex) {
			log.debug("Ignoring an error while cleaning up after a failed start", ex);
		}
	}

}
