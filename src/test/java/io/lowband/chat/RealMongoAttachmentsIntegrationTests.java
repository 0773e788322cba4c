package io.lowband.chat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploads in GridFS, replies and search on a real MongoDB 7. Runs where Docker runs; skipped elsewhere (the
 * machines Lowband is built on have no Docker engine). The embedded store is covered by
 * {@link AttachmentIntegrationTests}, {@link ReplyIntegrationTests} and {@link SearchIntegrationTests}.
 */
@Testcontainers(disabledWithoutDocker = true)
class RealMongoAttachmentsIntegrationTests {

	@Container
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:7");

	@TempDir
	Path dataDir;

	@Test
	void aResumedUploadIsSentDownloadedByRangeAndFoundBySearchOnRealMongo() throws Exception {
		try (RunningApp app = RunningApp.start(dataDir, ChatApi.FAST_SIGN_IN,
				"--spring.mongodb.uri=" + mongo.getReplicaSetUrl("lowband"))) {
			ChatApi api = new ChatApi(app);
			TusUploads tus = new TusUploads(app.httpPort());
			ChatUser alice = api.newUser("alice");
			ChatUser bob = api.newUser("bob");
			ChatUser carol = api.newUser("carol");
			String room = api.createRoom(alice, bob);
			byte[] file = new byte[700_000]; // several GridFS chunks, in two requests
			new Random(3).nextBytes(file);
			String upload = tus.created(alice, "map.bin", "application/octet-stream", file.length);
			assertThat(tus.patch(alice, upload, 0, Arrays.copyOf(file, 300_000)).statusCode()).isEqualTo(204);
			assertThat(tus.offset(alice, upload)).isEqualTo(300_000);
			assertThat(tus.patch(alice, upload, 300_000, Arrays.copyOfRange(file, 300_000, file.length)).statusCode())
				.isEqualTo(204);
			String id = TusUploads.id(upload);

			api.send(alice, room, "question-01", "Where is the map?");
			assertThat(api.post("/api/rooms/" + room + "/messages", bob, Map.of("id", "answer-0001", "body",
					"Here is the map", "replyTo", 1, "attachment", Map.of("id", id))).status()).isEqualTo(400);
			assertThat(api.post("/api/rooms/" + room + "/messages", alice, Map.of("id", "answer-0001", "body",
					"Here is the map", "replyTo", 1, "attachment", Map.of("id", id))).status()).isEqualTo(201);

			assertThat(tus.download(bob, "/api/attachments/" + id, null).body()).isEqualTo(file);
			assertThat(tus.download(bob, "/api/attachments/" + id, "bytes=500000-500099").body())
				.isEqualTo(Arrays.copyOfRange(file, 500_000, 500_100));
			assertThat(tus.download(carol, "/api/attachments/" + id, null).statusCode()).isEqualTo(403);
			assertThat(api.history(bob, room).get(1).get("replyTo").asLong()).isEqualTo(1);
			assertThat(api.get("/api/search?q=MAP", bob).body().get("messages").values())
				.extracting((m) -> m.get("id").asString())
				.containsExactly("answer-0001", "question-01");
		}
	}

}
