package io.lowband.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Lowband as a separate process, started from the jar that {@code ./mvnw package} builds, so that a test can kill it
 * with SIGKILL, as a crash or the OOM killer would, and start it again on the same data directory and ports. Its
 * output goes to a log file beside the data directory, one per start.
 */
public final class ForkedApp implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private final Path dataDir;

	private final Ports ports;

	private final List<String> extraArgs;

	private final Process process;

	private ForkedApp(Path dataDir, Ports ports, List<String> extraArgs, int start) {
		this.dataDir = dataDir;
		this.ports = ports;
		this.extraArgs = extraArgs;
		this.process = launch(start);
		awaitHealthy();
	}

	/** Starts the app on free ports; returns once it reports itself healthy. */
	public static ForkedApp start(Path dataDir, String... extraArgs) {
		return new ForkedApp(dataDir, Ports.free(), List.of(extraArgs), 1);
	}

	/** Kills the process with SIGKILL: no shutdown hook, no flush, no goodbye to any client. */
	public void kill() {
		process.destroyForcibly();
		waitForExit();
	}

	/** Starts a new process on the same data directory, ports and settings; this one must have ended. */
	public ForkedApp restart(int start) {
		if (process.isAlive()) {
			throw new IllegalStateException("The app is still running");
		}
		return new ForkedApp(dataDir, ports, extraArgs, start);
	}

	public int httpPort() {
		return ports.http();
	}

	public int mqttPort() {
		return ports.mqtt();
	}

	@Override
	public void close() {
		process.destroy();
		waitForExit();
	}

	private Process launch(int start) {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx512m", "-jar", jar().toString(), "--server.port=" + ports.http(),
				"--lowband.broker.port=" + ports.mqtt(), "--lowband.broker.websocket-port=" + ports.websocket(),
				"--lowband.broker.host=127.0.0.1", "--lowband.data-dir=" + dataDir));
		command.addAll(extraArgs);
		Path log = dataDir.resolveSibling(dataDir.getFileName() + "-start-" + start + ".log");
		try {
			return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitHealthy() {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.http() + "/actuator/health"))
			.timeout(Duration.ofSeconds(2))
			.build();
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("The app exited with " + process.exitValue() + "; see its log beside "
						+ dataDir);
			}
			try {
				if (http.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			pause();
		}
		process.destroyForcibly();
		throw new IllegalStateException("The app was not healthy within " + START_TIMEOUT);
	}

	private void waitForExit() {
		try {
			process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The executable jar in {@code target/}, built by the package phase that runs before the integration tests. */
	private static Path jar() {
		try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "lowband-*.jar")) {
			for (Path jar : jars) {
				return jar.toAbsolutePath();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new IllegalStateException("No target/lowband-*.jar: run ./mvnw verify, whose package phase builds it");
	}

	private static void pause() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private record Ports(int http, int mqtt, int websocket) {

		static Ports free() {
			int[] ports = FreePorts.take(3);
			return new Ports(ports[0], ports[1], ports[2]);
		}

	}

}
