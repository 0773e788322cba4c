package io.lowband.store;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The production path: history on a real MongoDB 7. Runs where Docker runs; skipped elsewhere (as on the
 * machines Lowband is built on, which have no Docker engine). The same behaviour is covered on the embedded store
 * by the chat integration tests.
 */
@Testcontainers(disabledWithoutDocker = true)
class RealMongoHistoryIntegrationTests {

	@Container
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:7");

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path dataDir;

	@Test
	void historyPagesWithoutGapsOrRepeatsOnRealMongo() throws Exception {
		try (RunningApp app = RunningApp.start(dataDir, "--spring.mongodb.uri=" + mongo.getReplicaSetUrl("lowband"))) {
			String base = "http://127.0.0.1:" + app.httpPort();
			post(base + "/api/users", null, "{\"username\":\"ada\",\"password\":\"password-ada\"}");
			String token = post(base + "/api/tokens", null, "{\"username\":\"ada\",\"password\":\"password-ada\"}")
				.get("token")
				.asString();
			String room = post(base + "/api/rooms", token, "{\"name\":\"notes\"}").get("id").asString();
			for (int i = 1; i <= 120; i++) {
				post(base + "/api/rooms/" + room + "/messages", token,
						"{\"id\":\"note-" + String.format("%05d", i) + "\",\"body\":\"note " + i + "\"}");
			}

			List<Long> seen = new ArrayList<>();
			Long after = 0L;
			while (after != null) {
				JsonNode page = get(base + "/api/rooms/" + room + "/messages?after=" + after + "&limit=50", token);
				page.get("messages").forEach((m) -> seen.add(m.get("seq").asLong()));
				after = page.get("nextAfter").isNull() ? null : page.get("nextAfter").asLong();
			}
			assertThat(seen).hasSize(120).doesNotHaveDuplicates().isSorted().startsWith(1L).endsWith(120L);
		}
	}

	private JsonNode post(String url, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return json.readTree(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body());
	}

	private JsonNode get(String url, String token) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build();
		return json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
	}

}
