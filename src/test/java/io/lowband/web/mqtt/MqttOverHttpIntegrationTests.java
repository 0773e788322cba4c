package io.lowband.web.mqtt;

import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * MQTT over WebSocket on the HTTP port, with the broker's own WebSocket listener turned off: the page is told to use
 * it, MQTT 5 and 3.1.1 clients publish and receive through it, a wrong password is refused as on any listener, and
 * a frame over the packet limit is refused as too big.
 */
class MqttOverHttpIntegrationTests {

	private static final String USER = "web-socket-user";

	private static final String PASSWORD = "web-socket-password";

	@TempDir
	static Path dir;

	static RunningApp app;

	@BeforeAll
	static void start() {
		app = RunningApp.start(dir, "--lowband.broker.websocket-port=-1", "--lowband.user.bcrypt-strength=4",
				"--lowband.broker.max-message-bytes=4096");
		app.register(USER, PASSWORD);
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void thePageIsToldToUseTheHttpPort() throws Exception {
		HttpResponse<String> config = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/api/config")).build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(JsonMapper.builder().build().readTree(config.body()).get("mqttWebsocketPort").asInt())
			.isEqualTo(app.httpPort());
		assertThat(app.broker().websocketPort()).isEqualTo(-1);
	}

	@Test
	void mqtt5ClientsPublishAndReceiveThroughTheHttpPort() throws Exception {
		Mqtt5BlockingClient subscriber = mqtt5(PASSWORD);
		Mqtt5BlockingClient publisher = mqtt5(PASSWORD);
		subscriber.connect();
		publisher.connect();
		try (Mqtt5BlockingClient.Mqtt5Publishes received = subscriber.publishes(MqttGlobalPublishFilter.ALL)) {
			subscriber.subscribeWith().topicFilter("lobby/http/#").qos(MqttQos.AT_LEAST_ONCE).send();
			publisher.publishWith()
				.topic("lobby/http/hello")
				.qos(MqttQos.AT_LEAST_ONCE)
				.payload("over the HTTP port".getBytes(StandardCharsets.UTF_8))
				.send();

			Optional<Mqtt5Publish> message = received.receive(10, TimeUnit.SECONDS);
			assertThat(message).isPresent();
			assertThat(new String(message.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
				.isEqualTo("over the HTTP port");
		}
		finally {
			subscriber.disconnect();
			publisher.disconnect();
		}
	}

	@Test
	void mqtt311ClientsConnectToo() {
		Mqtt3BlockingClient client = overTheHttpPort().useMqttVersion3()
			.simpleAuth()
			.username(USER)
			.password(PASSWORD.getBytes(StandardCharsets.UTF_8))
			.applySimpleAuth()
			.buildBlocking();
		assertThat(client.connect().getReturnCode().isError()).isFalse();
		client.disconnect();
	}

	@Test
	void aWrongPasswordIsRefusedAsOnAnyListener() {
		assertThatThrownBy(() -> mqtt5("not the password").connect()).isInstanceOf(Mqtt5ConnAckException.class);
	}

	@Test
	void aFrameOverThePacketLimitIsRefusedAsTooBig() throws Exception {
		CompletableFuture<Integer> closed = new CompletableFuture<>();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.subprotocols("mqtt")
			.buildAsync(URI.create("ws://127.0.0.1:" + app.httpPort() + "/mqtt"), new WebSocket.Listener() {
				@Override
				public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
					closed.complete(statusCode);
					return null;
				}
			})
			.get(10, TimeUnit.SECONDS);
		assertThat(socket.getSubprotocol()).isEqualTo("mqtt");

		socket.sendBinary(ByteBuffer.wrap(new byte[10_000]), true);

		assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009); // "message too big"
	}

	private static Mqtt5BlockingClient mqtt5(String password) {
		return overTheHttpPort().useMqttVersion5()
			.simpleAuth()
			.username(USER)
			.password(password.getBytes(StandardCharsets.UTF_8))
			.applySimpleAuth()
			.buildBlocking();
	}

	private static MqttClientBuilder overTheHttpPort() {
		return MqttClient.builder()
			.identifier("ws-http-" + UUID.randomUUID())
			.serverHost("127.0.0.1")
			.serverPort(app.httpPort())
			.webSocketConfig()
			.serverPath("/mqtt")
			.applyWebSocketConfig();
	}

}
