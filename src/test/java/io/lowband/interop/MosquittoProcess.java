package io.lowband.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One running mosquitto_pub or mosquitto_sub, its stdout and stderr collected line by line so that a failure can
 * show everything the client printed. Closing it kills the process if it is still running.
 */
final class MosquittoProcess implements AutoCloseable {

	/** The {@code -F} format of mosquitto_sub: QoS, retain flag, topic, payload. */
	static final String MESSAGE_FORMAT = "MSG %q %r %t %p";

	private static final String MESSAGE_PREFIX = "MSG ";

	private final String command;

	private final Process process;

	private final List<String> lines = new ArrayList<>();

	private final Thread reader;

	private boolean outputEnded;

	private MosquittoProcess(String command, Process process) {
		this.command = command;
		this.process = process;
		this.reader = new Thread(this::collectOutput, command + "-output");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	static MosquittoProcess start(ProcessBuilder builder) {
		String command = String.join(" ", builder.command());
		try {
			Process process = builder.redirectErrorStream(true).start();
			process.getOutputStream().close();
			return new MosquittoProcess(command, process);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + command, ex);
		}
	}

	/** Waits until a line matches, and fails with the transcript when none does in time. */
	synchronized void awaitLine(Predicate<String> wanted, String description, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (lines.stream().noneMatch(wanted)) {
			long left = deadline - System.nanoTime();
			if (left <= 0 || outputEnded) {
				throw new AssertionError("No line " + description + " within " + timeout + "\n" + transcript());
			}
			wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
		}
	}

	/** Waits for the process to exit on its own and fails unless it exits with 0. */
	void awaitSuccess(Duration timeout) throws InterruptedException {
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("Still running after " + timeout + "\n" + transcript());
		}
		reader.join(timeout.toMillis());
		if (process.exitValue() != 0) {
			throw new AssertionError("Exited with " + process.exitValue() + "\n" + transcript());
		}
	}

	/** The messages mosquitto_sub printed in {@link #MESSAGE_FORMAT}, in order of arrival. */
	synchronized List<Received> messages() {
		return lines.stream()
			.filter((line) -> line.startsWith(MESSAGE_PREFIX))
			.map((line) -> line.substring(MESSAGE_PREFIX.length()).split(" ", 4))
			.map((f) -> new Received(f[2], f[3], Integer.parseInt(f[0]), "1".equals(f[1])))
			.toList();
	}

	synchronized String transcript() {
		return "$ " + command + "\n" + String.join("\n", lines);
	}

	@Override
	public void close() throws InterruptedException {
		if (process.isAlive()) {
			process.destroy();
			if (!process.waitFor(2, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
			}
		}
	}

	private void collectOutput() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				synchronized (this) {
					lines.add(line);
					notifyAll();
				}
			}
		}
		catch (IOException ex) {
			// The process was killed; what it printed so far is kept.
		}
		finally {
			synchronized (this) {
				outputEnded = true;
				notifyAll();
			}
		}
	}

	/** A message as mosquitto_sub received it. */
	record Received(String topic, String payload, int qos, boolean retained) {
	}

}
