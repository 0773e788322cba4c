package io.lowband.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;

import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What HTTP shows an attacker: huge bodies are refused before they are parsed, the page forbids inline and foreign
 * script, and Actuator tells strangers no more than whether the app is up.
 */
class HttpHardeningIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final long FIFTY_MB = 50L * 1024 * 1024;

	@RegisterExtension
	static final SharedApp shared = SharedApp.started("--lowband.user.bcrypt-strength=4",
			"--lowband.web.operators=ops");

	static RunningApp app;

	static String operatorToken;

	static String userToken;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws Exception {
		app = shared.app();
		app.register("ops", "operator password");
		app.register("plain-user", "plain password");
		operatorToken = token("ops", "operator password");
		userToken = token("plain-user", "plain password");
	}

	@Test
	void a50MegabyteBodyWithItsLengthIsRefusedAt413AtOnce() throws Exception {
		long start = System.nanoTime();

		String answer = postHugeBody(false);

		assertThat(answer).startsWith("HTTP/1.1 413").contains("urn:lowband:problem:body-too-large");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void a50MegabyteChunkedBodyIsRefusedAt413OnceItPassesTheLimit() throws Exception {
		long start = System.nanoTime();

		String answer = postHugeBody(true);

		assertThat(answer).startsWith("HTTP/1.1 413").contains("urn:lowband:problem:body-too-large");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void aBodyUnderTheLimitIsStillRead() throws Exception {
		HttpResponse<String> response = post("/api/tokens",
				JSON.writeValueAsString(Map.of("username", "plain-user", "password", "x".repeat(200_000))));

		assertThat(response.statusCode()).isEqualTo(401);
	}

	@Test
	void thePageSendsAContentSecurityPolicyAndFriends() throws Exception {
		HttpResponse<String> page = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + app.httpPort() + "/")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(page.statusCode()).isEqualTo(200);
		String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
		assertThat(policy).contains("default-src 'self'", "script-src 'self';", "object-src 'none'",
				// MQTT over WebSocket on the page's own port (lowband.web.mqtt-websocket).
				"connect-src 'self' ws://localhost:" + app.httpPort() + " wss://localhost:" + app.httpPort() + ";")
			.doesNotContain("unsafe-inline", "unsafe-eval");
		assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(get("/api/config", null).headers().firstValue("Content-Security-Policy")).isPresent();
	}

	@Test
	void thePageHasNoInlineScriptThePolicyWouldBlock() throws Exception {
		String html = get("/", null).body();

		assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>").matcher(html).find()).as("inline <script>")
			.isFalse();
		assertThat(Pattern.compile("\\son[a-z]+\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find())
			.as("inline event handler")
			.isFalse();
		assertThat(html).doesNotContain("javascript:").doesNotContain(" style=\"");
	}

	@Test
	void strangersSeeWhetherTheAppIsUpAndNothingMore() throws Exception {
		HttpResponse<String> health = get("/actuator/health", null);

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(health.body()).get("status").asString()).isEqualTo("UP");
		assertThat(health.body()).doesNotContain("components").doesNotContain("details").doesNotContain("lowband-bridge");
		assertThat(get("/actuator/info", null).statusCode()).isEqualTo(200);
		assertThat(get("/actuator/metrics", null).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/metrics/jvm.memory.used", null).statusCode()).isEqualTo(401);
	}

	@Test
	void signedInUsersWhoAreNotOperatorsAreRefusedMetrics() throws Exception {
		assertThat(get("/actuator/metrics", userToken).statusCode()).isEqualTo(403);
		assertThat(get("/actuator/health", userToken).body()).doesNotContain("components");
	}

	@Test
	void operatorsSeeMetricsAndHealthDetails() throws Exception {
		assertThat(get("/actuator/metrics", operatorToken).statusCode()).isEqualTo(200);
		HttpResponse<String> health = get("/actuator/health", operatorToken);
		assertThat(JSON.readTree(health.body()).at("/components/broker/details/tcpPort").asInt())
			.isEqualTo(app.mqttPort());
	}

	/**
	 * Raw HTTP, because a client that insists on sending all 50 MB first may never read the early answer. The body
	 * is written on another thread until the server closes the connection; the answer's status line and body are
	 * returned.
	 */
	private static String postHugeBody(boolean chunked) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", app.httpPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			String framing = chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + FIFTY_MB;
			out.write(("POST /api/tokens HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + framing
					+ "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			Thread writer = new Thread(() -> writeBody(out, chunked));
			writer.setDaemon(true);
			writer.start();
			BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			StringBuilder answer = new StringBuilder(in.readLine());
			char[] rest = new char[4096];
			int n = in.read(rest);
			if (n > 0) {
				answer.append('\n').append(rest, 0, n);
			}
			return answer.toString();
		}
	}

	private static void writeBody(OutputStream out, boolean chunked) {
		byte[] block = new byte[64 * 1024];
		Arrays.fill(block, (byte) 'a');
		try {
			byte[] start = "{\"username\":\"".getBytes(StandardCharsets.US_ASCII);
			out.write(chunked ? (Integer.toHexString(start.length) + "\r\n").getBytes(StandardCharsets.US_ASCII) : new byte[0]);
			out.write(start);
			for (long sent = start.length; sent + block.length <= FIFTY_MB; sent += block.length) {
				if (chunked) {
					out.write(("\r\n" + Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				}
				out.write(block);
			}
			out.flush();
		}
		catch (IOException ex) {
			// The server answered and closed the connection: the point of the test.
		}
	}

	private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String token(String username, String password) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/api/tokens"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(
						JSON.writeValueAsString(Map.of("username", username, "password", password))))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).get("token").asString();
	}

}
