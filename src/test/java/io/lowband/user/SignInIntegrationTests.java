package io.lowband.user;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.PayloadApplicationEvent;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in as someone who guesses passwords would: wrong guesses soon get 429 over REST and THROTTLED over MQTT,
 * unknown usernames answer as slowly as known ones, and passwords count to their last character.
 */
class SignInIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger NAMES = new AtomicInteger();

	/** Small account budgets; the address budget stays large because every call here comes from 127.0.0.1. */
	@RegisterExtension
	static final SharedApp shared = SharedApp.started("--lowband.user.account-failures-per-minute=3",
			"--lowband.user.account-failures-per-hour=10", "--lowband.user.address-failures-per-minute=1000",
			"--lowband.user.address-failures-per-hour=10000");

	static RunningApp app;

	static final List<TokenRevoked> revoked = new CopyOnWriteArrayList<>();

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		app = shared.app();
		app.context().addApplicationListener((event) -> {
			if (event instanceof PayloadApplicationEvent<?> payload && payload.getPayload() instanceof TokenRevoked r) {
				revoked.add(r);
			}
		});
	}

	@Test
	void wrongPasswordsAreAnswered429WithRetryAfterAndThenEvenTheRightOneWaits() throws Exception {
		String name = register("mallory-target", "the right password");
		for (int i = 0; i < 3; i++) {
			assertThat(signIn(name, "guess " + i).statusCode()).isEqualTo(401);
		}

		HttpResponse<String> throttled = signIn(name, "guess 4");
		HttpResponse<String> evenRight = signIn(name, "the right password");

		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
		assertThat(throttled.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(JSON.readTree(throttled.body()).get("type").asString())
			.isEqualTo("urn:lowband:problem:too-many-attempts");
		assertThat(evenRight.statusCode()).isEqualTo(429);
	}

	@Test
	void successfulSignInsDoNotCountAgainstTheLimit() throws Exception {
		String name = register("frequent", "my own password");
		for (int i = 0; i < 6; i++) {
			assertThat(signIn(name, "my own password").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void mqttSignInsShareTheLimitButATokenStillWorks() throws Exception {
		String name = register("device-owner", "device password");
		String token = JSON.readTree(signIn(name, "device password").body()).get("token").asString();
		Accounts accounts = app.context().getBean(Accounts.class);
		for (int i = 0; i < 3; i++) {
			assertThat(signIn(name, "wrong " + i).statusCode()).isEqualTo(401);
		}

		SecretCheck password = accounts.checkSecret(name, bytes("device password"), "127.0.0.1");
		SecretCheck byToken = accounts.checkSecret(name, bytes(token), "127.0.0.1");

		assertThat(password.outcome()).isEqualTo(SecretCheck.Outcome.THROTTLED);
		assertThat(password.retryAfter()).isPositive();
		assertThat(byToken.outcome()).isEqualTo(SecretCheck.Outcome.ACCEPTED);
		assertThat(byToken.tokenId()).isEqualTo(sha256(token));
		assertThat(byToken.validUntil()).isAfter(Instant.now());
		assertThat(accounts.checkSecret("someone-else", bytes(token), null).outcome())
			.isEqualTo(SecretCheck.Outcome.REFUSED);
	}

	@Test
	void aDeviceRetryingARevokedTokenDoesNotLockItsOwnerOut() throws Exception {
		String name = register("revoker", "revoker password");
		String token = JSON.readTree(signIn(name, "revoker password").body()).get("token").asString();
		Accounts accounts = app.context().getBean(Accounts.class);
		accounts.revoke(token);

		for (int i = 0; i < 10; i++) {
			assertThat(accounts.checkSecret(name, bytes(token), "127.0.0.1").outcome())
				.isEqualTo(SecretCheck.Outcome.REFUSED);
		}
		assertThat(signIn(name, "revoker password").statusCode()).isEqualTo(200);
	}

	@Test
	void mqttPasswordSignInsSayWhatWasUsed() throws Exception {
		String name = register("mqtt-user", "mqtt password");
		Accounts accounts = app.context().getBean(Accounts.class);

		SecretCheck right = accounts.checkSecret(name, bytes("mqtt password"), "192.0.2.10");

		assertThat(right.outcome()).isEqualTo(SecretCheck.Outcome.ACCEPTED);
		assertThat(right.tokenId()).isNull();
		assertThat(right.validUntil()).isNull();
		assertThat(accounts.checkSecret(name, bytes("wrong"), "192.0.2.10").outcome())
			.isEqualTo(SecretCheck.Outcome.REFUSED);
	}

	@Test
	void unknownUsernamesTakeAsLongAsKnownOnes() throws Exception {
		List<String> known = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			known.add(register("timed", "a known password"));
		}
		signIn(known.get(0), "warm up");
		signIn("nobody-warm-up", "warm up");
		List<Long> knownNanos = new ArrayList<>();
		List<Long> unknownNanos = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			knownNanos.add(timedWrongSignIn(known.get(i)));
			unknownNanos.add(timedWrongSignIn("nobody-" + NAMES.incrementAndGet()));
		}

		assertThat(median(unknownNanos)).as("unknown %s vs known %s", unknownNanos, knownNanos)
			.isGreaterThan(median(knownNanos) / 2);
	}

	@Test
	void passwordsOf8To128CharactersWorkToTheLastCharacter() throws Exception {
		String longest = "L".repeat(127) + "!";
		String name = register("long-password", longest);

		assertThat(signIn(name, longest).statusCode()).isEqualTo(200);
		assertThat(signIn(name, "L".repeat(127)).statusCode()).isEqualTo(401);
		assertThat(signIn(name, longest + "!").statusCode()).isEqualTo(401);
		assertThat(registration("too-long-" + NAMES.incrementAndGet(), longest + "!").statusCode()).isEqualTo(400);
		assertThat(registration("too-short-" + NAMES.incrementAndGet(), "1234567").statusCode()).isEqualTo(400);
	}

	@Test
	void a72CharacterPasswordNoLongerAcceptsAnySuffix() throws Exception {
		String seventyTwo = "s".repeat(72);
		String name = register("seventy-two", seventyTwo);

		assertThat(signIn(name, seventyTwo).statusCode()).isEqualTo(200);
		assertThat(signIn(name, seventyTwo + "-and-more").statusCode()).isEqualTo(401);
	}

	@Test
	void accountsHashedByPlainBcryptBeforeStillSignIn() throws Exception {
		String name = "legacy-" + NAMES.incrementAndGet();
		app.context()
			.getBean(AccountRepository.class)
			.insert(new Account(name, new BCryptPasswordEncoder(4).encode("an old password"), name, Instant.now()));

		assertThat(signIn(name, "an old password").statusCode()).isEqualTo(200);
		assertThat(signIn(name, "an old password").statusCode()).as("again, now with a new hash").isEqualTo(200);
		assertThat(app.context().getBean(AccountRepository.class).findById(name).orElseThrow().passwordHash())
			.startsWith(Passwords.PREFIX);
	}

	@Test
	void signingOutAnnouncesTheRevokedToken() throws Exception {
		String name = register("leaving", "leaving password");
		String token = JSON.readTree(signIn(name, "leaving password").body()).get("token").asString();

		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(url("/api/tokens/current")).header("Authorization", "Bearer " + token).DELETE().build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(204);
		assertThat(revoked).contains(new TokenRevoked(name, sha256(token)));
	}

	private long timedWrongSignIn(String username) throws Exception {
		long start = System.nanoTime();
		assertThat(signIn(username, "not the password").statusCode()).isEqualTo(401);
		return System.nanoTime() - start;
	}

	private static long median(List<Long> values) {
		return values.stream().sorted().toList().get(values.size() / 2);
	}

	private String register(String name, String password) throws Exception {
		String username = name + "-" + NAMES.incrementAndGet();
		HttpResponse<String> response = registration(username, password);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return username;
	}

	private HttpResponse<String> registration(String username, String password) throws Exception {
		return post("/api/users", Map.of("username", username, "password", password));
	}

	private HttpResponse<String> signIn(String username, String password) throws Exception {
		return post("/api/tokens", Map.of("username", username, "password", password));
	}

	private HttpResponse<String> post(String path, Map<String, String> body) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(url(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI url(String path) {
		return URI.create("http://127.0.0.1:" + app.httpPort() + path);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String sha256(String text) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(text)));
	}

}
