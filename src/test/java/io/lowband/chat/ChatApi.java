package io.lowband.chat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.lowband.testing.RunningApp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lowband's REST API as a client sees it: plain HTTP and JSON, with helpers that register people and sign them in.
 */
final class ChatApi {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger NAMES = new AtomicInteger();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final String base;

	ChatApi(RunningApp app) {
		this(app.httpPort());
	}

	ChatApi(int httpPort) {
		this.base = "http://127.0.0.1:" + httpPort;
	}

	/** The whole app on a data directory; passwords are hashed cheaply so that tests can sign many people in. */
	/** A low BCrypt cost keeps the many sign-ins of these tests fast; the default is used by the other tests. */
	static final String FAST_SIGN_IN = "--lowband.user.bcrypt-strength=4";

	static RunningApp start(Path dataDir) {
		return RunningApp.start(dataDir, FAST_SIGN_IN);
	}

	/** Someone new, registered and signed in; {@code name} makes the username readable in failures. */
	ChatUser newUser(String name) {
		String username = name + "-" + NAMES.incrementAndGet();
		String password = "secret-" + username;
		assertThat(post("/api/users", null, Map.of("username", username, "password", password)).status())
			.isEqualTo(201);
		return signIn(username, password);
	}

	ChatUser signIn(String username, String password) {
		Reply reply = post("/api/tokens", null, Map.of("username", username, "password", password));
		assertThat(reply.status()).as("sign in %s: %s", username, reply.body()).isEqualTo(200);
		return new ChatUser(username, password, reply.body().get("token").asString());
	}

	/** A room created by {@code owner} with the others in it; returns its id. */
	String createRoom(ChatUser owner, ChatUser... members) {
		List<String> names = Arrays.stream(members).map(ChatUser::username).toList();
		Reply reply = post("/api/rooms", owner, Map.of("name", "Room of " + owner.username(), "members", names));
		assertThat(reply.status()).as("create room: %s", reply.body()).isEqualTo(201);
		return reply.body().get("id").asString();
	}

	/** Sends over HTTP and expects it to be new. */
	JsonNode send(ChatUser from, String roomId, String id, String body) {
		Reply reply = post("/api/rooms/" + roomId + "/messages", from, Map.of("id", id, "body", body));
		assertThat(reply.status()).as("send %s: %s", id, reply.body()).isEqualTo(201);
		return reply.body();
	}

	/** Every stored message of a room, oldest first. */
	List<JsonNode> history(ChatUser reader, String roomId) {
		Reply reply = get("/api/rooms/" + roomId + "/messages?after=0&limit=200", reader);
		assertThat(reply.status()).as("history: %s", reply.body()).isEqualTo(200);
		assertThat(reply.body().get("nextAfter").isNull()).as("history fits in one page").isTrue();
		return List.copyOf(reply.body().get("messages").values());
	}

	/** Every message after {@code after}, page by page along {@code nextAfter}, as a client catching up reads them. */
	List<JsonNode> historyAfter(ChatUser reader, String roomId, long after, int limit) {
		List<JsonNode> messages = new ArrayList<>();
		for (Long cursor = after; cursor != null;) {
			Reply reply = get("/api/rooms/" + roomId + "/messages?after=" + cursor + "&limit=" + limit, reader);
			assertThat(reply.status()).as("history after %s: %s", cursor, reply.body()).isEqualTo(200);
			messages.addAll(reply.body().get("messages").values());
			cursor = reply.body().get("nextAfter").isNull() ? null : reply.body().get("nextAfter").asLong();
		}
		return messages;
	}

	Reply get(String path, ChatUser user) {
		return call("GET", path, bearer(user), null);
	}

	Reply post(String path, ChatUser user, Object body) {
		return call("POST", path, bearer(user), body);
	}

	Reply put(String path, ChatUser user, Object body) {
		return call("PUT", path, bearer(user), body);
	}

	Reply delete(String path, ChatUser user) {
		return call("DELETE", path, bearer(user), null);
	}

	/**
	 * Any request. A String body is sent as it is (for malformed JSON), anything else as JSON; a null
	 * {@code authorization} sends no Authorization header.
	 */
	Reply call(String method, String path, String authorization, Object body) {
		String text = (body == null) ? null : (body instanceof String raw) ? raw : JSON.writeValueAsString(body);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
			.timeout(Duration.ofSeconds(10))
			.method(method, (text == null) ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(text));
		if (text != null) {
			request.header("Content-Type", "application/json");
		}
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			JsonNode json = contentType.contains("json") ? JSON.readTree(response.body()) : null;
			return new Reply(response.statusCode(), contentType, json, response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(method + " " + path + " was interrupted", ex);
		}
	}

	private static String bearer(ChatUser user) {
		return (user == null) ? null : "Bearer " + user.token();
	}

	/** Someone with an account: the password signs in over REST and MQTT, the token too. */
	record ChatUser(String username, String password, String token) {
	}

	/** An HTTP answer; {@code body} is its JSON, or null when it is not JSON. */
	record Reply(int status, String contentType, JsonNode body, String text, HttpHeaders headers) {

		/** The first value of a header (any case), or null. */
		String header(String name) {
			return headers.firstValue(name).orElse(null);
		}

		/** The RFC 9457 problem type, e.g. {@code urn:lowband:problem:not-a-member}. */
		String problemType() {
			return (body == null || body.get("type") == null) ? null : body.get("type").asString();
		}

	}

}
