package io.lowband.chat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import io.lowband.chat.ChatApi.ChatUser;

import static org.assertj.core.api.Assertions.assertThat;

/** A tus 1.0 client as small as the tests need: create, append, ask the offset, download. */
final class TusUploads {

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final String base;

	TusUploads(int httpPort) {
		this.base = "http://127.0.0.1:" + httpPort;
	}

	/** POST /api/uploads; the answer's Location is the upload's URL. */
	HttpResponse<String> create(ChatUser owner, String name, String type, long length) {
		String metadata = "filename " + base64(name) + ",filetype " + base64(type);
		return send(request(owner, "/api/uploads").header("Upload-Length", Long.toString(length))
			.header("Upload-Metadata", metadata)
			.POST(HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString());
	}

	/** OPTIONS /api/uploads: what the server supports, and Tus-Max-Size. */
	HttpResponse<String> options(ChatUser user) {
		return send(request(user, "/api/uploads").method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
				HttpResponse.BodyHandlers.ofString());
	}

	/** A new upload's path, e.g. {@code /api/uploads/<id>}. */
	String created(ChatUser owner, String name, String type, long length) {
		HttpResponse<String> created = create(owner, name, type, length);
		assertThat(created.statusCode()).as("create: %s", created.body()).isEqualTo(201);
		return URI.create(created.headers().firstValue("Location").orElseThrow()).getPath();
	}

	HttpResponse<String> patch(ChatUser owner, String upload, long offset, byte[] bytes) throws IOException {
		HttpRequest.Builder patch = request(owner, upload).header("Upload-Offset", Long.toString(offset))
			.header("Content-Type", "application/offset+octet-stream")
			.method("PATCH", HttpRequest.BodyPublishers.ofByteArray(bytes));
		try {
			return http.send(patch.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	/** How many bytes the server holds, from {@code HEAD}; -1 when it answers 404 or 410. */
	long offset(ChatUser owner, String upload) {
		HttpResponse<String> head = send(request(owner, upload).method("HEAD", HttpRequest.BodyPublishers.noBody()),
				HttpResponse.BodyHandlers.ofString());
		if (head.statusCode() == 404 || head.statusCode() == 410) {
			return -1;
		}
		assertThat(head.statusCode()).isIn(200, 204);
		return Long.parseLong(head.headers().firstValue("Upload-Offset").orElseThrow());
	}

	/** A whole file in one PATCH; returns the attachment id. */
	String upload(ChatUser owner, String name, String type, byte[] bytes) throws IOException {
		String upload = created(owner, name, type, bytes.length);
		HttpResponse<String> patched = patch(owner, upload, 0, bytes);
		assertThat(patched.statusCode()).as("patch: %s", patched.body()).isEqualTo(204);
		return id(upload);
	}

	HttpResponse<byte[]> download(ChatUser reader, String path, String range) {
		HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(base + path))
			.header("Authorization", "Bearer " + reader.token())
			.timeout(Duration.ofSeconds(10));
		if (range != null) {
			get.header("Range", range);
		}
		return send(get, HttpResponse.BodyHandlers.ofByteArray());
	}

	static String id(String upload) {
		return upload.substring(upload.lastIndexOf('/') + 1);
	}

	private HttpRequest.Builder request(ChatUser owner, String path) {
		return HttpRequest.newBuilder(URI.create(base + path))
			.header("Authorization", "Bearer " + owner.token())
			.header("Tus-Resumable", "1.0.0")
			.timeout(Duration.ofSeconds(60));
	}

	private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
		try {
			return http.send(request.build(), body);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

}
