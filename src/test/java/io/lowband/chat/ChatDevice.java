package io.lowband.chat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import io.lowband.chat.ChatApi.ChatUser;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * A phone app that behaves as docs/protocol.md asks of a client on a weak network: one MQTT 5 persistent session
 * under one client id, reconnecting by itself. After every (re)connect it asks {@code users/{me}/sync} for what came
 * after the last seq it holds without a gap, and publishes again, under the same message ids, every send the broker
 * has not acknowledged. It also asks when a live message shows a gap, and asks again when nothing at all arrives for
 * {@link #SYNC_PATIENCE} before {@code synced}: the broker can lose a QoS 1 delivery at a reconnect (see
 * {@code PersistentSessionIntegrationTests}), an answer included. What it receives it keeps in {@link HeldRooms}.
 * <p>
 * A sync request names only the rooms the device follows; the server answers the others from their read markers,
 * and the device drops those, so a benchmark gives it a user with no other rooms.
 */
final class ChatDevice implements AutoCloseable {

	static final Duration SYNC_PATIENCE = Duration.ofSeconds(5);

	private static final AtomicInteger IDS = new AtomicInteger();

	private final String me;

	private final List<String> roomIds;

	private final int keepAliveSeconds;

	private final Mqtt5AsyncClient mqtt;

	private final HeldRooms held;

	private final Map<String, Send> unacknowledged = new ConcurrentHashMap<>();

	/** Ids of the sends whose PUBACK this device saw: the server promised to keep those. */
	private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean syncing = new AtomicBoolean();

	/** When the outstanding sync was asked for, or anything last arrived (nanoTime). */
	private volatile long syncProgress;

	private final ScheduledExecutorService patience = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "chat-device-patience");
		thread.setDaemon(true);
		return thread;
	});

	private final List<String> disconnects = new CopyOnWriteArrayList<>();

	private final AtomicInteger connects = new AtomicInteger();

	private final AtomicInteger resends = new AtomicInteger();

	private final AtomicInteger syncRequests = new AtomicInteger();

	private final AtomicInteger synceds = new AtomicInteger();

	private ChatDevice(ChatUser user, int port, int keepAliveSeconds, List<String> roomIds) {
		this.me = user.username();
		this.keepAliveSeconds = keepAliveSeconds;
		this.roomIds = roomIds;
		this.held = new HeldRooms(roomIds);
		this.mqtt = MqttClient.builder()
			.identifier(me + "-phone-" + IDS.incrementAndGet())
			.serverHost("127.0.0.1")
			.serverPort(port)
			.automaticReconnect()
			.initialDelay(100, TimeUnit.MILLISECONDS)
			.maxDelay(2, TimeUnit.SECONDS)
			.applyAutomaticReconnect()
			.addConnectedListener(this::connected)
			.addDisconnectedListener((context) -> disconnects.add(String.valueOf(context.getCause().getMessage())))
			.useMqttVersion5()
			.simpleAuth()
			.username(me)
			.password(user.token().getBytes(StandardCharsets.UTF_8))
			.applySimpleAuth()
			.buildAsync();
		mqtt.publishes(MqttGlobalPublishFilter.ALL, this::receive);
		patience.scheduleWithFixedDelay(this::askAgainIfStalled, 1, 1, TimeUnit.SECONDS);
	}

	/**
	 * Connects through {@code port} (a link in front of the broker), follows the given rooms, and returns once the
	 * first sync is answered: the device then holds everything the rooms had.
	 */
	static ChatDevice connect(ChatUser user, int port, int keepAliveSeconds, Duration atMost, String... roomIds) {
		ChatDevice device = new ChatDevice(user, port, keepAliveSeconds, List.of(roomIds));
		try {
			device.comeBack(atMost);
			return device;
		}
		catch (RuntimeException ex) {
			device.close();
			throw ex;
		}
	}

	/** Says goodbye and keeps the session: the broker queues what comes meanwhile. */
	void goAway() {
		mqtt.disconnect().orTimeout(10, TimeUnit.SECONDS).join();
	}

	/** Connects under the same client id, and returns once it caught up: its next sync is answered. */
	void comeBack(Duration atMost) {
		int answered = synceds.get();
		try {
			mqtt.connectWith()
				.cleanStart(false)
				.sessionExpiryInterval(3600)
				.keepAlive(keepAliveSeconds)
				.send()
				.get(atMost.toMillis(), TimeUnit.MILLISECONDS);
			await().atMost(atMost).until(() -> synceds.get() > answered);
		}
		catch (Exception ex) {
			throw new IllegalStateException(me + "'s device was not connected and caught up in " + atMost, ex);
		}
	}

	/** Sends, and keeps the send until the broker acknowledges it. */
	void send(String roomId, String id, String body) {
		Send send = new Send(roomId, id, body);
		unacknowledged.put(id, send);
		publish(send);
	}

	/** The room as this device shows it: every message it holds, in seq order. */
	List<JsonNode> view(String roomId) {
		return held.view(roomId);
	}

	/** Seqs that arrived a second time with different content: nothing, if the server is right. */
	List<String> conflicts() {
		return held.conflicts();
	}

	int unacknowledged() {
		return unacknowledged.size();
	}

	Set<String> acknowledged() {
		return Set.copyOf(acknowledged);
	}

	int resends() {
		return resends.get();
	}

	/** What this device went through, for the test's report. */
	String stats() {
		return held.summary() + "; " + connects.get() + " connects (connections lost: "
				+ disconnects.stream().collect(Collectors.groupingBy((cause) -> cause, TreeMap::new, Collectors.counting()))
				+ "), now " + mqtt.getState() + ", " + resends.get() + " sends repeated, " + syncRequests.get()
				+ " syncs asked / " + synceds.get() + " answered";
	}

	@Override
	public void close() {
		patience.shutdownNow();
		try {
			mqtt.disconnect().get(10, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			// Not connected at the moment; there is nothing to say goodbye on.
		}
	}

	private void connected(MqttClientConnectedContext context) {
		connects.incrementAndGet();
		syncing.set(false);
		boolean sessionPresent = ((Mqtt5ClientConnectedContext) context).getConnAck().isSessionPresent();
		CompletableFuture<?> subscribed = sessionPresent ? CompletableFuture.completedFuture(null) : subscribe();
		// Never on the client's own thread, which runs this listener: with more sends waiting than the server's
		// Receive Maximum, the HiveMQ client blocks the publishing thread until the window opens, and the window
		// opens on that same thread (a device blocked this way went silent until the server closed it).
		subscribed.thenRunAsync(() -> {
			requestSync();
			unacknowledged.values().forEach((send) -> {
				resends.incrementAndGet();
				publish(send);
			});
		}, patience);
	}

	private CompletableFuture<?> subscribe() {
		List<Mqtt5Subscription> subscriptions = new ArrayList<>();
		subscriptions.add(Mqtt5Subscription.builder().topicFilter(ChatTopics.inbox(me)).qos(MqttQos.AT_LEAST_ONCE).build());
		for (String room : roomIds) {
			subscriptions
				.add(Mqtt5Subscription.builder().topicFilter(ChatTopics.messages(room)).qos(MqttQos.AT_LEAST_ONCE).build());
		}
		return mqtt.subscribe(Mqtt5Subscribe.builder().addSubscriptions(subscriptions).build());
	}

	private void askAgainIfStalled() {
		if (syncing.get() && mqtt.getState().isConnected()
				&& System.nanoTime() - syncProgress > SYNC_PATIENCE.toNanos()) {
			requestSync();
		}
	}

	private void requestSync() {
		syncProgress = System.nanoTime();
		syncing.set(true);
		syncRequests.incrementAndGet();
		publish("users/" + me + "/sync", Map.of("rooms", held.lastWithoutGap()));
	}

	private void publish(Send send) {
		publish(ChatTopics.inbound(send.roomId(), me), Map.of("id", send.id(), "body", send.body()))
			.whenComplete((result, failure) -> {
				if (failure == null && result.getError().isEmpty()) {
					acknowledged.add(send.id());
					unacknowledged.remove(send.id());
				}
			});
	}

	private CompletableFuture<Mqtt5PublishResult> publish(String topic, Object payload) {
		return mqtt.publishWith()
			.topic(topic)
			.qos(MqttQos.AT_LEAST_ONCE)
			.payload(ChatApi.JSON.writeValueAsBytes(payload))
			.send();
	}

	private void receive(Mqtt5Publish publish) {
		// Whatever arrives shows the connection delivers; the answer may be queued behind it.
		syncProgress = System.nanoTime();
		String topic = publish.getTopic().toString();
		JsonNode json = ChatApi.JSON.readTree(publish.getPayloadAsBytes());
		if (topic.equals(ChatTopics.inbox(me))) {
			String type = json.path("type").asString();
			if (type.equals("messages")) {
				json.get("messages").values().forEach((message) -> held.hold(message, false));
			}
			else if (type.equals("synced")) {
				synceds.incrementAndGet();
				syncing.set(false);
			}
		}
		else if (held.hold(json, true) && syncing.compareAndSet(false, true)) {
			try {
				patience.execute(this::requestSync); // not on the client's thread, as in connected()
			}
			catch (RejectedExecutionException ex) {
				// Closing.
			}
		}
	}

	private record Send(String roomId, String id, String body) {
	}

}
