package io.lowband.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.lowband.LowbandApplication;
import io.lowband.broker.MqttBroker;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole Lowband application in this JVM, on free ports and a data directory of the test's choosing. Tests
 * that restart the app start a second one on the same directory after closing the first.
 */
public final class RunningApp implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private RunningApp(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts the app. An extra argument replaces the default for the same setting (Spring would otherwise join
	 * both values with a comma).
	 */
	public static RunningApp start(Path dataDir, String... extraArgs) {
		List<String> args = new ArrayList<>();
		for (String standard : List.of("--server.port=0", "--lowband.broker.port=0", "--lowband.broker.websocket-port=0",
				"--lowband.broker.host=127.0.0.1", "--lowband.data-dir=" + dataDir)) {
			String setting = standard.substring(0, standard.indexOf('=') + 1);
			if (Arrays.stream(extraArgs).noneMatch((extra) -> extra.startsWith(setting))) {
				args.add(standard);
			}
		}
		args.addAll(List.of(extraArgs));
		return new RunningApp(new SpringApplicationBuilder(LowbandApplication.class).run(args.toArray(String[]::new)));
	}

	public int mqttPort() {
		return broker().tcpPort();
	}

	public int websocketPort() {
		return broker().websocketPort();
	}

	public int httpPort() {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	/** Creates an account through the REST API, as a person signing up would; fails unless it is created. */
	public void register(String username, String password) {
		String body = "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + "/api/users"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		try {
			HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 201) {
				throw new IllegalStateException("Registering " + username + " answered " + response.statusCode() + ": "
						+ response.body());
			}
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public MqttBroker broker() {
		return context.getBean(MqttBroker.class);
	}

	public ConfigurableApplicationContext context() {
		return context;
	}

	@Override
	public void close() {
		context.close();
	}

}
