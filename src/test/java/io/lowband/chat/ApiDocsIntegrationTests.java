package io.lowband.chat;

import java.nio.file.Path;

import io.lowband.chat.ChatApi.Reply;
import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A client developer finds the REST API described in OpenAPI and can try it in Swagger UI, without signing in. */
class ApiDocsIntegrationTests {

	@TempDir
	Path dataDir;

	@Test
	void theOpenApiDescriptionAndSwaggerUiAreServed() {
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);

			Reply docs = api.get("/v3/api-docs", null);
			assertThat(docs.status()).isEqualTo(200);
			JsonNode paths = docs.body().get("paths");
			assertThat(paths.propertyNames()).contains("/api/rooms", "/api/rooms/{roomId}/messages", "/api/users",
					"/api/tokens", "/api/dms", "/api/rooms/{roomId}/read", "/api/search", "/api/uploads",
					"/api/uploads/{id}", "/api/attachments/{id}", "/api/attachments/{id}/thumbnail");
			assertThat(paths.get("/api/rooms/{roomId}/messages").propertyNames()).contains("get", "post");

			Reply ui = api.get("/swagger-ui/index.html", null);
			assertThat(ui.status()).isEqualTo(200);
			assertThat(ui.text()).containsIgnoringCase("swagger");
		}
	}

}
