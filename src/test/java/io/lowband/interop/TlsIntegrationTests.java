package io.lowband.interop;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.TrustManagerFactory;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.lowband.interop.MosquittoProcess.Received;
import io.lowband.testing.RunningApp;
import io.lowband.testing.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.lowband.interop.MosquittoClients.messagesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One Spring Boot SSL bundle gives HTTPS, MQTT over TLS and WSS, with a certificate made for the test (keytool, no
 * network): Debian's mosquitto clients talk over TLS checking it with {@code --cafile}, a browser-like client
 * connects over WSS, and the WebSocket listener no longer speaks plain WebSocket.
 */
class TlsIntegrationTests {

	private static final String PASSWORD = "tls-user-password";

	@TempDir
	static Path dir;

	static RunningApp app;

	static TestCertificate certificate;

	static TrustManagerFactory trust;

	@BeforeAll
	static void start() throws Exception {
		certificate = TestCertificate.createIn(dir);
		trust = certificate.trust();
		List<String> args = new ArrayList<>(certificate.appArgs());
		args.addAll(List.of("--lowband.user.bcrypt-strength=4", "--lowband.broker.tls-port=0"));
		app = RunningApp.start(dir.resolve("data"), args.toArray(String[]::new));
		assertThat(register("tls-user").statusCode()).isEqualTo(201);
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void restIsServedOverHttpsOnly() throws Exception {
		assertThat(register("tls-second").statusCode()).isEqualTo(201);
		HttpResponse<String> plain = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(plain.statusCode()).isEqualTo(400);
	}

	@Test
	void mosquittoClientsTalkOverTlsCheckingTheCertificate() throws Exception {
		assumeTrue(MosquittoClients.installed(MosquittoClients.PUB).isPresent()
				&& MosquittoClients.installed(MosquittoClients.SUB).isPresent(), "mosquitto clients are not installed");
		assertThat(app.broker().tlsPort()).isPositive().isNotEqualTo(app.mqttPort());
		MosquittoClients mosquitto = new MosquittoClients(app.broker().tlsPort(), Files.createDirectories(
				dir.resolve("mosquitto-config")), "tls-user", PASSWORD);
		String ca = certificate.pem().toString();
		try (MosquittoProcess sub = mosquitto.subscribed(1, "--cafile", ca, "-V", "mqttv5", "-q", "1", "-t",
				"tls/hello")) {
			mosquitto.pub("--cafile", ca, "-V", "mqttv5", "-q", "1", "-t", "tls/hello", "-m", "over TLS");

			assertThat(messagesOf(sub)).containsExactly(new Received("tls/hello", "over TLS", 1, false));
		}
	}

	@Test
	void theWebSocketListenerSpeaksOnlyTls() {
		Mqtt5BlockingClient secure = webSocketClient(true);
		assertThat(secure.connect().getReasonCode().isError()).isFalse();
		secure.disconnect();

		assertThatThrownBy(() -> webSocketClient(false).connect()).isInstanceOf(RuntimeException.class);
	}

	private static Mqtt5BlockingClient webSocketClient(boolean tls) {
		var builder = MqttClient.builder()
			.useMqttVersion5()
			.identifier("tls-ws-" + tls + "-" + System.nanoTime())
			.serverHost("127.0.0.1")
			.serverPort(app.websocketPort())
			.webSocketConfig()
			.serverPath("/mqtt")
			.applyWebSocketConfig()
			.simpleAuth()
			.username("tls-user")
			.password(PASSWORD.getBytes())
			.applySimpleAuth();
		if (tls) {
			builder = builder.sslConfig().trustManagerFactory(trust).applySslConfig();
		}
		return builder.buildBlocking();
	}

	private static HttpResponse<String> register(String username) throws Exception {
		HttpClient https = HttpClient.newBuilder()
			.sslContext(certificate.trustingContext())
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		String body = "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}";
		return https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + app.httpPort() + "/api/users"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
