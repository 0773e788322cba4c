package io.lowband.chat;

import java.time.Duration;
import java.util.Map;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.chat.ChatApi.Reply;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An upload left unfinished is removed once {@code lowband.attachment.unfinished-expiry} passed after its last byte
 * (2 s here); a finished one stays.
 */
class UploadExpiryIntegrationTests {

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(ChatApi.FAST_SIGN_IN,
			"--lowband.attachment.unfinished-expiry=2s", "--lowband.attachment.cleanup-interval=1s");

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
	void anUnfinishedUploadExpiresAndAFinishedOneStays() throws Exception {
		ChatUser alice = api.newUser("alice");
		String room = api.createRoom(alice);
		String unfinished = tus.created(alice, "half.txt", "text/plain", 10);
		assertThat(tus.patch(alice, unfinished, 0, "12345".getBytes()).statusCode()).isEqualTo(204);
		String finished = tus.upload(alice, "whole.txt", "text/plain", "1234567890".getBytes());
		assertThat(tus.offset(alice, unfinished)).isEqualTo(5);

		await().atMost(Duration.ofSeconds(15)).until(() -> tus.offset(alice, unfinished) == -1);
		assertThat(tus.patch(alice, unfinished, 5, "67890".getBytes()).statusCode()).isEqualTo(404);
		Reply sent = api.post("/api/rooms/" + room + "/messages", alice, Map.of("id", "late-0000001", "body",
				"", "attachment", Map.of("id", TusUploads.id(unfinished))));
		assertThat(sent.problemType()).isEqualTo("urn:lowband:problem:bad-attachment");

		assertThat(tus.download(alice, "/api/attachments/" + TusUploads.id(finished), null).body())
			.isEqualTo("1234567890".getBytes());
	}

}
