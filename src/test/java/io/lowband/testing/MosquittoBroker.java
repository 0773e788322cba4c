package io.lowband.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's mosquitto broker as a separate process on a free loopback port, for tests where Lowband's bridge runs
 * against an external broker, as it does in production behind a clustered one. Anonymous clients are allowed and
 * queues are unbounded, so that the broker never drops what a test counts on.
 */
public final class MosquittoBroker implements AutoCloseable {

	private static final Path EXECUTABLE = Path.of("/usr/sbin/mosquitto");

	private final Process process;

	private final int port;

	private MosquittoBroker(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** Starts mosquitto with its configuration and log in {@code dir}; fails clearly when it is not installed. */
	public static MosquittoBroker start(Path dir) {
		if (!Files.isExecutable(EXECUTABLE)) {
			throw new IllegalStateException(EXECUTABLE + " is missing: apt-get install mosquitto (.ci/run does)");
		}
		int port = FreePorts.take(1)[0];
		try {
			Files.createDirectories(dir);
			Path conf = Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n", "listener " + port + " 127.0.0.1",
					"allow_anonymous true", "persistence false", "max_queued_messages 0", "max_inflight_messages 20",
					"log_dest stdout", ""));
			Process process = new ProcessBuilder(EXECUTABLE.toString(), "-c", conf.toString()).redirectErrorStream(true)
				.redirectOutput(dir.resolve("mosquitto.log").toFile())
				.start();
			MosquittoBroker broker = new MosquittoBroker(process, port);
			broker.awaitListening();
			return broker;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return port;
	}

	@Override
	public void close() {
		process.destroy();
		try {
			process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitListening() {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline && process.isAlive()) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return;
			}
			catch (IOException ex) {
				// Not listening yet.
			}
		}
		process.destroyForcibly();
		throw new IllegalStateException("mosquitto did not listen on " + port);
	}

}
