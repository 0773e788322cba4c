package io.lowband.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's mosquitto on spare ports, with a configuration written for the run, so both brokers run side by side.
 *
 * @param process the running mosquitto
 * @param broker where it listens
 */
record MosquittoServer(ServerProcess process, Broker broker) implements AutoCloseable {

	static MosquittoServer start(Path dir) {
		int port = ServerProcess.freePort();
		int websocketPort = ServerProcess.freePort();
		Path conf = dir.resolve("mosquitto.conf");
		try {
			Files.createDirectories(dir);
			// Like for like with Lowband's raw relay: no persistence, anonymous clients, Nagle off (Netty's default),
			// and queues big enough that the catch-up scenario's offline messages are all kept.
			Files.writeString(conf, String.join("\n", "per_listener_settings false", "allow_anonymous true",
					"persistence false", "set_tcp_nodelay true", "max_queued_messages 1000000", "log_dest stdout",
					"log_type error", "log_type warning", "listener " + port + " 127.0.0.1",
					"listener " + websocketPort + " 127.0.0.1", "protocol websockets", ""));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ServerProcess process = new ServerProcess(List.of("mosquitto", "-c", conf.toString()),
				dir.resolve("mosquitto.log"));
		waitForPort(process, port);
		return new MosquittoServer(process,
				new Broker("Mosquitto", "127.0.0.1", port, websocketPort, "", process.pid()));
	}

	static boolean installed() {
		String path = System.getenv().getOrDefault("PATH", "");
		return java.util.Arrays.stream(path.split(java.io.File.pathSeparator))
			.anyMatch((dir) -> Files.isExecutable(Path.of(dir, "mosquitto")));
	}

	static void waitForPort(ServerProcess server, int port) {
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (System.nanoTime() < deadline) {
			server.checkAlive();
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return;
			}
			catch (IOException ex) {
				Sleep.millis(100);
			}
		}
		throw new IllegalStateException("Nothing listens on port " + port + "; see " + server.log());
	}

	@Override
	public void close() {
		process.close();
	}

}
