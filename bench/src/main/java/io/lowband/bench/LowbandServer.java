package io.lowband.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lowband from its jar ({@code java -jar}) on spare ports and a fresh data directory, configured only by
 * command-line settings, exactly as an operator would run it.
 *
 * @param process the running JVM
 * @param broker its MQTT listeners
 * @param httpPort REST and Actuator
 */
record LowbandServer(ServerProcess process, Broker broker, int httpPort) implements AutoCloseable {

	/** What Moquette logs when it drops a command because a session queue is full. */
	static final String QUEUE_FULL = "Session command queue";

	static LowbandServer start(Path jar, Path dir, String label, String... settings) {
		int http = ServerProcess.freePort();
		int mqtt = ServerProcess.freePort();
		int websocket = ServerProcess.freePort();
		List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString(), "--server.port=" + http,
				"--lowband.broker.port=" + mqtt, "--lowband.broker.websocket-port=" + websocket,
				"--lowband.data-dir=" + dir.resolve("data-" + label),
				// Creating thousands of accounts must not take minutes; connections check passwords with the same cost.
				"--lowband.user.bcrypt-strength=4"));
		command.addAll(List.of(settings));
		ServerProcess process = new ServerProcess(command, dir.resolve("lowband-" + label + ".log"));
		LowbandServer server = new LowbandServer(process,
				new Broker("Lowband", "127.0.0.1", mqtt, websocket, "mqtt", process.pid()), http);
		server.awaitHealthy();
		return server;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + httpPort;
	}

	/** Heap in use after a full collection, so that only what is still referenced counts. */
	long heapUsedAfterGc() {
		jcmd("GC.run");
		Matcher used = Pattern.compile("used (\\d+)K").matcher(jcmd("GC.heap_info"));
		if (!used.find()) {
			throw new IllegalStateException("No heap figure from jcmd GC.heap_info");
		}
		return Long.parseLong(used.group(1)) * 1024;
	}

	/**
	 * JFR's profile settings, except that every blocking socket read and file write or sync is recorded (profile
	 * keeps only those over 10 ms): a serial pipeline spends its time in many short waits, which samples miss.
	 */
	void startProfile(Path dir) {
		try {
			Path profile = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
			String settings = Files.readString(profile)
				.replace("control=\"file-threshold\">10 ms<", "control=\"file-threshold\">0 ms<")
				.replace("control=\"socket-threshold\">10 ms<", "control=\"socket-threshold\">0 ms<");
			Path jfc = Files.writeString(dir.resolve("bench-profile.jfc"), settings);
			jcmd("JFR.start", "name=bench", "settings=" + jfc.toAbsolutePath());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void dumpProfile(Path file) {
		jcmd("JFR.dump", "name=bench", "filename=" + file.toAbsolutePath());
		jcmd("JFR.stop", "name=bench");
	}

	long droppedCommands() {
		return process.countInLog(QUEUE_FULL);
	}

	private String jcmd(String... command) {
		List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(process.pid())));
		line.addAll(List.of(command));
		try {
			Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
			String output = new String(jcmd.getInputStream().readAllBytes());
			jcmd.waitFor();
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private void awaitHealthy() {
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + 120_000_000_000L;
		while (System.nanoTime() < deadline) {
			process.checkAlive();
			try {
				HttpResponse<String> health = http.send(
						HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			Sleep.millis(250);
		}
		throw new IllegalStateException("Lowband did not become healthy; see " + process.log());
	}

	@Override
	public void close() {
		process.close();
	}

}
