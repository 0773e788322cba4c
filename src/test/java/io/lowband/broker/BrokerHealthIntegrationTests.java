package io.lowband.broker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator's health check sees. */
class BrokerHealthIntegrationTests {

	@TempDir
	Path dataDir;

	@Test
	void healthIsUpWithTheBrokerAndTheStoreUpAndTheRealPorts() throws IOException, InterruptedException {
		try (RunningApp app = RunningApp.start(dataDir, Clients.ANONYMOUS_ALLOWED,
				"--management.endpoint.health.show-details=always")) {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/actuator/health"))
					.build(), HttpResponse.BodyHandlers.ofString());

			assertThat(response.statusCode()).isEqualTo(200);
			DocumentContext health = JsonPath.parse(response.body());
			assertThat(health.read("$.status", String.class)).isEqualTo("UP");
			assertThat(health.read("$.components.broker.status", String.class)).isEqualTo("UP");
			assertThat(health.read("$.components.store.status", String.class)).isEqualTo("UP");
			assertThat(health.read("$.components.ingest.status", String.class)).isEqualTo("UP");
			assertThat(health.read("$.components.broker.details.tcpPort", Integer.class)).isPositive();
			assertThat(health.read("$.components.broker.details.websocketPort", Integer.class)).isPositive()
				.isNotEqualTo(health.read("$.components.broker.details.tcpPort", Integer.class));
		}
	}

}
