package io.lowband.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The REST calls of docs/protocol.md that the scenarios need: accounts, tokens, rooms, history. */
final class Api {

	static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final String baseUrl;

	Api(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	void createUser(String username, String password) {
		JsonNode answer = call("POST", "/api/users", null, Map.of("username", username, "password", password));
		if (!answer.has("username")) {
			throw new IllegalStateException("Could not create " + username + ": " + answer);
		}
	}

	String token(String username, String password) {
		return call("POST", "/api/tokens", null, Map.of("username", username, "password", password)).get("token")
			.asText();
	}

	String createRoom(String token, String name, List<String> members) {
		return call("POST", "/api/rooms", token, Map.of("name", name, "members", members)).get("id").asText();
	}

	void send(String token, String roomId, String id, String body) {
		call("POST", "/api/rooms/" + roomId + "/messages", token, Map.of("id", id, "body", body));
	}

	/** One page of history after a seq: {@code {"messages", "nextAfter", "lastSeq"}}. */
	JsonNode after(String token, String roomId, long after, int limit) {
		return call("GET", "/api/rooms/" + roomId + "/messages?after=" + after + "&limit=" + limit, token, null);
	}

	long lastSeq(String token, String roomId) {
		JsonNode last = after(token, roomId, 0, 1).get("lastSeq");
		return (last == null || last.isNull()) ? 0 : last.asLong();
	}

	JsonNode call(String method, String path, String token, Object body) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
				.method(method, (body == null) ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
			if (body != null) {
				request.header("Content-Type", "application/json");
			}
			if (token != null) {
				request.header("Authorization", "Bearer " + token);
			}
			HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() >= 300) {
				throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
						+ new String(response.body()));
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Runs many independent calls a few at a time: the server has two cores, more in parallel only queue. */
	static <T> List<T> inParallel(int count, IntFunction<T> call) {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int index = i;
				futures.add(pool.submit(() -> call.apply(index)));
			}
			List<T> results = new ArrayList<>(count);
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		catch (Exception ex) {
			throw new IllegalStateException("A REST call failed", ex);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
