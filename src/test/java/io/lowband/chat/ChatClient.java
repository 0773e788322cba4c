package io.lowband.chat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscribe;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.Mqtt3Subscription;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.lowband.testing.RunningApp;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * A chat app's MQTT connection: MQTT 5 or 3.1.1, over TCP or WebSocket, that keeps every message it receives by
 * topic. Messages are collected from the moment of connecting, including those of a resumed session.
 */
final class ChatClient implements AutoCloseable {

	static final Duration WAIT = Duration.ofSeconds(10);

	private static final AtomicInteger IDS = new AtomicInteger();

	private final Mqtt5AsyncClient v5;

	private final Mqtt3AsyncClient v3;

	private final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();

	private ChatClient(Mqtt5AsyncClient v5, Mqtt3AsyncClient v3) {
		this.v5 = v5;
		this.v3 = v3;
	}

	/** How to connect: start with {@link #mqtt5} or {@link #mqtt3}, then adjust. */
	static Options mqtt5(RunningApp app) {
		return new Options(app, true, false, false, null, null, 0, 0, null);
	}

	static Options mqtt3(RunningApp app) {
		return new Options(app, false, false, false, null, null, 0, 0, null);
	}

	/** Whether the broker granted the subscription (false on a SUBACK failure code). */
	boolean subscribe(String filter) {
		if (v5 != null) {
			try {
				return !answer(v5.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send())
					.getReasonCodes()
					.get(0)
					.isError();
			}
			catch (Mqtt5SubAckException ex) {
				return !ex.getMqttMessage().getReasonCodes().get(0).isError();
			}
		}
		try {
			return answer(v3.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send()).getReturnCodes()
				.get(0) != Mqtt3SubAckReturnCode.FAILURE;
		}
		catch (Mqtt3SubAckException ex) {
			return ex.getMqttMessage().getReturnCodes().get(0) != Mqtt3SubAckReturnCode.FAILURE;
		}
	}

	/**
	 * Subscribes to all the filters in one SUBSCRIBE, at QoS 1, and returns the SUBACK's code for each, in order
	 * (1 for granted at QoS 1; 0x80 on MQTT 3.1.1 and 0x80 or more on MQTT 5 for refused).
	 */
	List<Integer> subscribeAll(String... filters) {
		if (v5 != null) {
			Mqtt5Subscribe subscribe = Mqtt5Subscribe.builder()
				.addSubscriptions(Arrays.stream(filters)
					.map((f) -> Mqtt5Subscription.builder().topicFilter(f).qos(MqttQos.AT_LEAST_ONCE).build()))
				.build();
			try {
				return codes5(answer(v5.subscribe(subscribe)));
			}
			catch (Mqtt5SubAckException ex) {
				return codes5(ex.getMqttMessage());
			}
		}
		Mqtt3Subscribe subscribe = Mqtt3Subscribe.builder()
			.addSubscriptions(Arrays.stream(filters)
				.map((f) -> Mqtt3Subscription.builder().topicFilter(f).qos(MqttQos.AT_LEAST_ONCE).build()))
			.build();
		try {
			return codes3(answer(v3.subscribe(subscribe)));
		}
		catch (Mqtt3SubAckException ex) {
			return codes3(ex.getMqttMessage());
		}
	}

	private static List<Integer> codes5(Mqtt5SubAck ack) {
		return ack.getReasonCodes().stream().map(Mqtt5SubAckReasonCode::getCode).toList();
	}

	private static List<Integer> codes3(Mqtt3SubAck ack) {
		return ack.getReturnCodes().stream().map(Mqtt3SubAckReturnCode::getCode).toList();
	}

	/**
	 * Publishes at QoS 1 and returns at once; the future completes on the PUBACK, or fails on an MQTT 5 PUBACK with
	 * an error reason code. A client's publishes reach the broker in the order they were made.
	 */
	CompletableFuture<?> publish(String topic, String payload) {
		byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
		if (v5 != null) {
			return v5.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes).send();
		}
		return v3.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(bytes).send();
	}

	/**
	 * As {@link #publish}, at QoS 2: the future completes on PUBCOMP, or fails on an MQTT 5 PUBREC with an error
	 * reason code, which ends the exchange.
	 */
	CompletableFuture<?> publishExactlyOnce(String topic, String payload) {
		byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
		if (v5 != null) {
			return v5.publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE).payload(bytes).send();
		}
		return v3.publishWith().topic(topic).qos(MqttQos.EXACTLY_ONCE).payload(bytes).send();
	}

	/** As {@link #publish}, with the retain flag set. */
	CompletableFuture<?> publishRetained(String topic, String payload) {
		byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
		if (v5 != null) {
			return v5.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(bytes).send();
		}
		return v3.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(bytes).send();
	}

	/** A chat send as the protocol has it: {@code {"id", "body"}} on {@code rooms/{room}/in/{me}}. */
	CompletableFuture<?> send(String roomId, String me, String id, String body) {
		return publish(ChatTopics.inbound(roomId, me), ChatApi.JSON.writeValueAsString(Map.of("id", id, "body", body)));
	}

	/** Waits for the broker to acknowledge a publish: from then on, it is the broker's to keep. */
	static void awaitAck(CompletableFuture<?> publish) {
		answer(publish);
	}

	/**
	 * Waits for the answer to a send the chat refuses: over MQTT 5 a PUBACK with a reason code, which is returned;
	 * over MQTT 3.1.1 a plain PUBACK, and -1.
	 */
	static int awaitRefusal(CompletableFuture<?> publish) {
		try {
			answer(publish);
			return -1;
		}
		catch (Mqtt5PubAckException ex) {
			return ex.getMqttMessage().getReasonCode().getCode();
		}
	}

	/** Whether the connection is up now (the server may have closed it). */
	boolean isConnected() {
		return (v5 != null) ? v5.getState().isConnected() : v3.getState().isConnected();
	}

	/** What arrived on a topic so far, in order of arrival. */
	List<JsonNode> on(String topic) {
		List<JsonNode> messages = received.getOrDefault(topic, List.of());
		synchronized (messages) {
			return List.copyOf(messages);
		}
	}

	/** Every topic anything arrived on. */
	List<String> topics() {
		return List.copyOf(received.keySet());
	}

	/** Waits until {@code count} messages arrived on a topic, and returns them all. */
	List<JsonNode> awaitCount(String topic, int count) {
		awaitUntil(() -> on(topic).size() >= count, count + " messages on " + topic);
		return on(topic);
	}

	/** Waits for the first message on a topic that matches. */
	JsonNode awaitMessage(String topic, Predicate<JsonNode> matching) {
		awaitUntil(() -> on(topic).stream().anyMatch(matching), "a matching message on " + topic);
		return on(topic).stream().filter(matching).findFirst().orElseThrow();
	}

	private void awaitUntil(Callable<Boolean> condition, String expected) {
		try {
			await().atMost(WAIT).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Waited " + WAIT.toSeconds() + "s for " + expected + "; received: " + received, ex);
		}
	}

	@Override
	public void close() {
		try {
			if (v5 != null) {
				v5.disconnect().get(10, TimeUnit.SECONDS);
			}
			else {
				v3.disconnect().get(10, TimeUnit.SECONDS);
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			// Already disconnected, e.g. by the broker when the app stopped.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void receive(String topic, byte[] payload) {
		JsonNode json;
		try {
			json = ChatApi.JSON.readTree(payload);
		}
		catch (JacksonException ex) {
			// Not chat JSON, e.g. a fake someone managed to publish: keep it, so that a test sees it arrive.
			json = ChatApi.JSON.createObjectNode().put("raw", new String(payload, StandardCharsets.UTF_8));
		}
		List<JsonNode> messages = received.computeIfAbsent(topic, (t) -> new ArrayList<>());
		synchronized (messages) {
			messages.add(json);
		}
	}

	private static <T> T answer(CompletableFuture<T> future) {
		try {
			return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("No answer from the broker in " + WAIT, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param keepSession a session that outlives the connection, with automatic reconnect (as a phone app keeps)
	 * @param username null for an anonymous client
	 * @param port where to connect instead of the broker (a proxy in front of it), 0 for the broker itself
	 * @param keepAlive the MQTT keep-alive in seconds, 0 for the client library's default (60 s)
	 * @param clientId null for a new, unique one
	 */
	record Options(RunningApp app, boolean mqtt5, boolean webSocket, boolean keepSession, String username,
			String secret, int port, int keepAlive, String clientId) {

		Options overWebSocket() {
			return new Options(app, mqtt5, true, keepSession, username, secret, port, keepAlive, clientId);
		}

		Options persistent() {
			return new Options(app, mqtt5, webSocket, true, username, secret, port, keepAlive, clientId);
		}

		/** Signs in with the access token, as the web app does. */
		Options as(ChatApi.ChatUser user) {
			return as(user.username(), user.token());
		}

		Options as(String username, String secret) {
			return new Options(app, mqtt5, webSocket, keepSession, username, secret, port, keepAlive, clientId);
		}

		/** Connects through a proxy listening on {@code proxyPort} (TCP only). */
		Options through(int proxyPort) {
			return new Options(app, mqtt5, webSocket, keepSession, username, secret, proxyPort, keepAlive, clientId);
		}

		Options keepAlive(int seconds) {
			return new Options(app, mqtt5, webSocket, keepSession, username, secret, port, seconds, clientId);
		}

		/** Connects as this device, e.g. the same phone again after its last connection died. */
		Options clientId(String id) {
			return new Options(app, mqtt5, webSocket, keepSession, username, secret, port, keepAlive, id);
		}

		/** Connects, or throws what the client library reports (a ConnAck exception when the broker refuses). */
		ChatClient connect() {
			return connectOnce();
		}

		/**
		 * Connects once and sends nothing more, not even the probe {@link #connect()} makes (whose retry would be a
		 * second connection): for a device whose connections are what the test watches.
		 */
		ChatClient connectOnce() {
			MqttClientBuilder builder = MqttClient.builder()
				.identifier((clientId != null) ? clientId
						: ((username == null) ? "anonymous" : username) + "-" + IDS.incrementAndGet())
				.serverHost("127.0.0.1");
			builder = webSocket ? builder.serverPort(app.websocketPort())
				.webSocketConfig()
				.serverPath("mqtt")
				.applyWebSocketConfig() : builder.serverPort((port != 0) ? port : app.mqttPort());
			if (keepSession) {
				builder = builder.automaticReconnect()
					.initialDelay(100, TimeUnit.MILLISECONDS)
					.maxDelay(1, TimeUnit.SECONDS)
					.applyAutomaticReconnect();
			}
			return mqtt5 ? connect5(builder.useMqttVersion5()) : connect3(builder.useMqttVersion3());
		}

		// Credentials go on the client, not on one CONNECT, so that automatic reconnects sign in too.
		private ChatClient connect5(Mqtt5ClientBuilder builder) {
			if (username != null) {
				builder = builder.simpleAuth().username(username).password(bytes(secret)).applySimpleAuth();
			}
			Mqtt5AsyncClient client = builder.buildAsync();
			ChatClient chat = new ChatClient(client, null);
			client.publishes(MqttGlobalPublishFilter.ALL,
					(p) -> chat.receive(p.getTopic().toString(), p.getPayloadAsBytes()));
			answer(client.connectWith()
				.cleanStart(!keepSession)
				.sessionExpiryInterval(keepSession ? 3600 : 0)
				.keepAlive((keepAlive != 0) ? keepAlive : 60)
				.send());
			return chat;
		}

		private ChatClient connect3(Mqtt3ClientBuilder builder) {
			if (username != null) {
				builder = builder.simpleAuth().username(username).password(bytes(secret)).applySimpleAuth();
			}
			Mqtt3AsyncClient client = builder.buildAsync();
			ChatClient chat = new ChatClient(null, client);
			client.publishes(MqttGlobalPublishFilter.ALL,
					(p) -> chat.receive(p.getTopic().toString(), p.getPayloadAsBytes()));
			answer(client.connectWith().cleanSession(!keepSession).keepAlive((keepAlive != 0) ? keepAlive : 60).send());
			return chat;
		}

		private static byte[] bytes(String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}

	}

}
