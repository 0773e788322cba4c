package io.lowband.interop;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Debian's mosquitto_pub and mosquitto_sub pointed at one broker. Both run with {@code -d}, so their output shows
 * every packet they send and receive, and with no {@code -i}, so they connect with a zero-length client id.
 */
final class MosquittoClients {

	static final String PUB = "mosquitto_pub";

	static final String SUB = "mosquitto_sub";

	/** mosquitto_sub prints its debug lines without flushing; through a pipe they would show only at exit. */
	static final String STDBUF = "stdbuf";

	/** mosquitto_sub's own timeout ({@code -W}); the test waits a little longer for it to exit. */
	private static final int SUB_SECONDS = 10;

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(SUB_SECONDS + 5);

	private final int port;

	private final Path configHome;

	private final String username;

	private final String password;

	/**
	 * @param configHome an empty directory: the clients read default options from
	 * {@code $XDG_CONFIG_HOME/mosquitto_sub}, and a developer's own file there must not change the test
	 */
	MosquittoClients(int port, Path configHome, String username, String password) {
		this.port = port;
		this.configHome = configHome;
		this.username = username;
		this.password = password;
	}

	/** The executable on the PATH, if any. */
	static Optional<Path> installed(String name) {
		return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/** Runs mosquitto_pub until it exits, fails unless it succeeds, and returns what it printed. */
	String pub(String... args) throws InterruptedException {
		try (MosquittoProcess pub = MosquittoProcess.start(command(PUB, List.of(args)))) {
			pub.awaitSuccess(EXIT_TIMEOUT);
			return pub.transcript();
		}
	}

	/**
	 * Starts mosquitto_sub, which exits after {@code count} messages or {@value #SUB_SECONDS} seconds, and
	 * returns once the broker has acknowledged the subscription, so that anything published afterwards is
	 * routed to it.
	 */
	MosquittoProcess subscribed(int count, String... args) throws InterruptedException {
		List<String> all = new ArrayList<>(List.of("-C", Integer.toString(count), "-W", Integer.toString(SUB_SECONDS),
				"-F", MosquittoProcess.MESSAGE_FORMAT));
		all.addAll(List.of(args));
		ProcessBuilder command = command(SUB, all);
		command.command().addAll(0, List.of(STDBUF, "-oL"));
		MosquittoProcess sub = MosquittoProcess.start(command);
		try {
			sub.awaitLine((line) -> line.startsWith("Subscribed (mid:"), "reporting the SUBACK", EXIT_TIMEOUT);
			return sub;
		}
		catch (AssertionError | InterruptedException ex) {
			sub.close();
			throw ex;
		}
	}

	/** Waits for a mosquitto_sub from {@link #subscribed} to exit with its count reached. */
	static List<MosquittoProcess.Received> messagesOf(MosquittoProcess sub) throws InterruptedException {
		sub.awaitSuccess(EXIT_TIMEOUT);
		return sub.messages();
	}

	private ProcessBuilder command(String name, List<String> args) {
		List<String> command = new ArrayList<>(List.of(name, "-d", "-h", "127.0.0.1", "-p", Integer.toString(port),
				"-u", username, "-P", password));
		command.addAll(args);
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("XDG_CONFIG_HOME", configHome.toString());
		return builder;
	}

}
