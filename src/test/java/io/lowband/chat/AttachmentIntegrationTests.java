package io.lowband.chat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.chat.ChatApi.Reply;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import io.lowband.testing.WeakLink;
import io.lowband.testing.WeakLink.Conditions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Files over tus: an upload cut half way over a 3G-like link resumes where it stopped, the size limit answers with
 * a sentence, a finished upload is sent as a message's attachment, and only members of that room download it
 * (whole or by range), with a thumbnail for an image. The app runs with a 300 KB limit.
 */
class AttachmentIntegrationTests {

	private static final int LIMIT = 300 * 1024;

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(ChatApi.FAST_SIGN_IN, "--lowband.attachment.max-size=300KB");

	static RunningApp app;

	static ChatApi api;

	static TusUploads tus;

	@BeforeAll
	static void start() {
		app = shared.app();
		api = new ChatApi(app);
		tus = new TusUploads(app.httpPort());
	}

	@Test
	void anUploadCutHalfWayOverA3gLinkResumesWhereItStopped() throws Exception {
		ChatUser alice = api.newUser("alice");
		// Larger than lowband.web.max-body-size (256 KB), which does not hold PATCH bodies of uploads.
		byte[] file = randomBytes(290_000, 7);
		try (WeakLink link = WeakLink.to(app.httpPort(), Conditions.THREE_G, 11)) {
			TusUploads weak = new TusUploads(link.port());
			String upload = weak.created(alice, "trip.bin", "application/octet-stream", file.length);
			long before = link.bytesUp();

			CompletableFuture<HttpResponse<String>> patch = CompletableFuture.supplyAsync(() -> {
				try {
					return weak.patch(alice, upload, 0, file);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			await().atMost(Duration.ofSeconds(30)).until(() -> link.bytesUp() - before >= file.length / 2);
			link.cut();
			assertThatThrownBy(() -> patch.get(30, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class);

			long offset = weak.offset(alice, upload);
			assertThat(offset).as("bytes kept of %s", file.length).isBetween(file.length / 3L, file.length - 1L);
			HttpResponse<String> rest = weak.patch(alice, upload, offset,
					Arrays.copyOfRange(file, (int) offset, file.length));
			assertThat(rest.statusCode()).isEqualTo(204);
			assertThat(rest.headers().firstValue("Upload-Offset")).hasValue(Integer.toString(file.length));
			assertThat(link.bytesUp() - before).as("bytes on the wire for the whole upload")
				.isLessThanOrEqualTo((long) (file.length * 1.1));
			// The owner may read their own upload before sending it anywhere: every byte arrived once, in order.
			assertThat(tus.download(alice, "/api/attachments/" + TusUploads.id(upload), null).body()).isEqualTo(file);
		}
		String unfinished = TusUploads.id(tus.created(alice, "later.txt", "text/plain", 10));
		assertThat(tus.download(alice, "/api/attachments/" + unfinished, null).statusCode()).isEqualTo(404);
	}

	@Test
	void aFileOverTheLimitIsRefusedWithASentenceBeforeAnyByte() {
		ChatUser alice = api.newUser("alice");
		HttpResponse<String> refused = tus.create(alice, "big.bin", "application/octet-stream", LIMIT + 1);

		assertThat(refused.statusCode()).isEqualTo(413);
		JsonNode problem = ChatApi.JSON.readTree(refused.body());
		assertThat(problem.get("type").asString()).isEqualTo("urn:lowband:problem:upload-too-large");
		assertThat(problem.get("detail").asString()).contains(Integer.toString(LIMIT + 1), Integer.toString(LIMIT));
		assertThat(tus.create(alice, "fits.bin", "application/octet-stream", LIMIT).statusCode()).isEqualTo(201);
		assertThat(tus.options(alice).headers().firstValue("Tus-Max-Size")).hasValue(Integer.toString(LIMIT));
	}

	@Test
	void anAttachmentSentOverMqttReachesTheRoomAndOnlyItsMembersDownloadIt() throws Exception {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		ChatUser carol = api.newUser("carol");
		String room = api.createRoom(alice, bob);
		byte[] notes = "Packing list: tent, stove, map, rope.\n".repeat(50).getBytes();
		String id = tus.upload(alice, "packing list.txt", "text/plain", notes);

		try (ChatClient bobApp = ChatClient.mqtt5(app).as(bob).connect();
				ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect()) {
			assertThat(bobApp.subscribe(ChatTopics.messages(room))).isTrue();
			ChatClient.awaitAck(aliceApp.publish(ChatTopics.inbound(room, alice.username()),
					"{\"id\":\"file-0000001\",\"body\":\"\",\"attachment\":{\"id\":\"" + id
							+ "\",\"name\":\"renamed.exe\",\"type\":\"x/y\",\"size\":1}}"));
			JsonNode pushed = bobApp.awaitCount(ChatTopics.messages(room), 1).get(0);
			assertThat(pushed.get("attachment").get("id").asString()).isEqualTo(id);
			assertThat(pushed.get("attachment").get("name").asString()).isEqualTo("packing list.txt");
			assertThat(pushed.get("attachment").get("type").asString()).isEqualTo("text/plain");
			assertThat(pushed.get("attachment").get("size").asLong()).isEqualTo(notes.length);
		}
		assertThat(api.history(bob, room).get(0).get("attachment").get("id").asString()).isEqualTo(id);

		HttpResponse<byte[]> whole = tus.download(bob, "/api/attachments/" + id, null);
		assertThat(whole.statusCode()).isEqualTo(200);
		assertThat(whole.body()).isEqualTo(notes);
		assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
		assertThat(whole.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment");

		HttpResponse<byte[]> part = tus.download(bob, "/api/attachments/" + id, "bytes=100-199");
		assertThat(part.statusCode()).isEqualTo(206);
		assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 100-199/" + notes.length);
		assertThat(part.body()).isEqualTo(Arrays.copyOfRange(notes, 100, 200));

		assertThat(tus.download(carol, "/api/attachments/" + id, null).statusCode()).isEqualTo(403);
		assertThat(tus.download(carol, "/api/attachments/" + id, "bytes=0-9").statusCode()).isEqualTo(403);
		assertThat(tus.download(bob, "/api/attachments/no-such-upload", null).statusCode()).isEqualTo(404);
		assertThat(tus.download(bob, "/api/attachments/" + id + "/thumbnail", null).statusCode()).isEqualTo(404);

		assertThat(api.delete("/api/rooms/" + room + "/members/" + bob.username(), bob).status()).isEqualTo(204);
		assertThat(tus.download(bob, "/api/attachments/" + id, null).statusCode()).as("after leaving").isEqualTo(403);
	}

	@Test
	void onlyAFinishedUploadOfTheSendersOwnCanBeSent() throws Exception {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(alice, bob);
		String bobs = tus.upload(bob, "bob.txt", "text/plain", "bob's".getBytes());
		String unfinished = tus.created(alice, "half.txt", "text/plain", 10);
		assertThat(tus.patch(alice, unfinished, 0, "12345".getBytes()).statusCode()).isEqualTo(204);
		String halfId = TusUploads.id(unfinished);

		try (ChatClient aliceApp = ChatClient.mqtt5(app).as(alice).connect()) {
			assertThat(aliceApp.subscribe(ChatTopics.inbox(alice.username()))).isTrue();
			aliceApp.publish(ChatTopics.inbound(room, alice.username()),
					"{\"id\":\"steal-000001\",\"body\":\"\",\"attachment\":{\"id\":\"" + bobs + "\"}}");
			aliceApp.publish(ChatTopics.inbound(room, alice.username()),
					"{\"id\":\"half-0000001\",\"body\":\"\",\"attachment\":{\"id\":\"" + halfId + "\"}}");
			var rejected = aliceApp.awaitCount(ChatTopics.inbox(alice.username()), 2);
			assertThat(rejected).extracting((r) -> r.get("reason").asString())
				.containsExactly("bad-attachment", "bad-attachment");
			assertThat(rejected.get(1).get("detail").asString()).contains("5 of 10 bytes");
		}
		Reply overRest = api.post("/api/rooms/" + room + "/messages", alice,
				Map.of("id", "steal-000002", "body", "", "attachment", Map.of("id", bobs)));
		assertThat(overRest.status()).isEqualTo(400);
		assertThat(overRest.problemType()).isEqualTo("urn:lowband:problem:bad-attachment");
		assertThat(api.history(alice, room)).isEmpty();
		assertThat(tus.offset(alice, "/api/uploads/" + bobs)).as("someone else's upload does not exist for her").isEqualTo(-1);
		// Bob never sent his file to this room, so Alice still cannot read it.
		assertThat(tus.download(alice, "/api/attachments/" + bobs, null).statusCode()).isEqualTo(403);
	}

	@Test
	void anImageSentOverRestGetsAThumbnail() throws Exception {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(alice, bob);
		String id = tus.upload(alice, "sunset.png", "image/png", png(1200, 800));

		Reply sent = api.post("/api/rooms/" + room + "/messages", alice,
				Map.of("id", "image-000001", "body", "Look", "attachment", Map.of("id", id)));
		assertThat(sent.status()).isEqualTo(201);
		assertThat(sent.body().get("attachment").get("type").asString()).isEqualTo("image/png");

		HttpResponse<byte[]> thumbnail = tus.download(bob, "/api/attachments/" + id + "/thumbnail", null);
		assertThat(thumbnail.statusCode()).isEqualTo(200);
		assertThat(thumbnail.headers().firstValue("Content-Type")).hasValue("image/jpeg");
		BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
		assertThat(small.getWidth()).isEqualTo(320);
		assertThat(small.getHeight()).isEqualTo(213);
	}

	private static byte[] png(int width, int height) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
		Graphics2D g = image.createGraphics();
		g.setColor(Color.ORANGE);
		g.fillRect(0, 0, width, height / 2);
		g.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

	private static byte[] randomBytes(int length, long seed) {
		byte[] bytes = new byte[length];
		new Random(seed).nextBytes(bytes);
		return bytes;
	}

}
