package io.lowband.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server the tool started as a child process, with its output in a log file next to the results. Closing stops
 * it gracefully and kills it if it does not stop in time, so a failed run leaves no broker behind.
 */
class ServerProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	ServerProcess(List<String> command, Path log) {
		this.log = log;
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile());
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + command, ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
	}

	long pid() {
		return process.pid();
	}

	Path log() {
		return log;
	}

	void checkAlive() {
		if (!process.isAlive()) {
			throw new IllegalStateException("The server stopped (exit " + process.exitValue() + "); see " + log);
		}
	}

	/** How often a line containing the text was logged so far: dropped commands must not go unnoticed. */
	long countInLog(String text) {
		try (var lines = Files.lines(log)) {
			return lines.filter((line) -> line.contains(text)).count();
		}
		catch (IOException | UncheckedIOException ex) {
			return -1;
		}
	}

	@Override
	public void close() {
		process.destroy();
		try {
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
