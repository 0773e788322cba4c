package io.lowband.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

/**
 * The benchmark: starts Lowband (from its jar) and Mosquitto on spare ports, runs the five scenarios of issue 6
 * against them, and writes target/bench/results.json, results.md and chart.html under the working directory.
 */
public final class Bench {

	private Bench() {
	}

	public static void main(String[] args) throws IOException {
		if (List.of(args).contains("--help")) {
			System.out.println(Options.USAGE);
			System.exit(0);
		}
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage() + "\n" + Options.USAGE);
			System.exit(2);
			return;
		}
		Results results = new Results();
		Path jar = (options.jar() != null) ? options.jar() : newestJar();
		Machine.describe(results, options, jar, String.join(" ", args));
		Path work = Files.createTempDirectory("lowband-bench");
		Files.createDirectories(options.out());
		long start = System.nanoTime();
		boolean crashed = false;
		try {
			run(results, options, jar, work);
		}
		catch (RuntimeException ex) {
			crashed = true;
			ex.printStackTrace();
			results.fail("the run stopped: " + ex);
		}
		finally {
			results.run.put("duration s", Math.round((System.nanoTime() - start) / 1e9));
			results.run.put("load average at the end", Machine.loadAverage());
			deleteDataDirectories(work);
			try {
				Report.write(results, options.out());
				System.out.println("Wrote " + options.out().toAbsolutePath() + "/results.{json,md} and chart.html;"
						+ " server logs in " + work);
			}
			catch (IOException | RuntimeException ex) {
				// The client library's threads would keep the JVM alive: exit with a failure instead of hanging.
				ex.printStackTrace();
				crashed = true;
			}
		}
		if (crashed || (options.smoke() && !results.failures.isEmpty())) {
			System.err.println("FAILED: " + results.failures);
			System.exit(1);
		}
		System.exit(0);
	}

	private static void run(Results results, Options options, Path jar, Path work) {
		if (options.runs(1) || options.runs(2) || options.runs(4) || options.runs(5)) {
			chat(results, options, jar, work);
		}
		boolean compare = (options.runs(1) || options.runs(3) || options.runs(4)) && options.mosquitto()
				&& options.mosquittoTarget() == null;
		if (compare && !MosquittoServer.installed()) {
			results.note("mosquitto is not on the PATH (Debian: apt-get install mosquitto): no comparison this run");
			compare = false;
		}
		MosquittoServer mosquitto = compare ? MosquittoServer.start(work.resolve("mosquitto")) : null;
		try {
			Broker other = (mosquitto != null) ? mosquitto.broker()
					: (options.mosquittoTarget() != null) ? Broker.external("Mosquitto", options.mosquittoTarget())
							: null;
			if (other != null && other.websocketPort() > 0 && options.runs(1)) {
				Mqtt.disconnectAll(ConnectionsScenario.run(results, options, other, null,
						(i) -> Mqtt.Login.anonymous("bench-" + i)));
			}
			if (options.runs(3) || options.runs(4)) {
				relay(results, options, jar, work, other);
			}
		}
		finally {
			if (mosquitto != null) {
				mosquitto.close();
			}
		}
	}

	/** Scenarios 1, 2, 4 and 5 on one Lowband: the connections of 1 are the members of 2. */
	private static void chat(Results results, Options options, Path jar, Path work) {
		try (LowbandServer lowband = LowbandServer.start(jar, work, "chat", lowbandArgs(options))) {
			Api api = new Api(lowband.baseUrl());
			if (options.runs(1) || options.runs(2)) {
				Population population = Population.create(api, options.connections());
				List<Mqtt5AsyncClient> clients = options.runs(1)
						? ConnectionsScenario.run(results, options, lowband.broker(), lowband, population::login)
						: Mqtt.connectAll(lowband.broker(), options.connections(), population::login);
				if (options.runs(1)) {
					connectionTargets(results, options);
				}
				if (options.runs(2)) {
					RoomChatScenario.run(results, options, lowband, population, clients, options.out());
				}
				disconnectAll(results, lowband, clients);
			}
			if (options.runs(4)) {
				CatchUpScenario.chat(results, options, lowband, api);
			}
			if (options.runs(5)) {
				BytesScenario.run(results, options, lowband, api);
			}
			long dropped = lowband.droppedCommands();
			if (dropped > 0) {
				results.fail("Lowband logged 'Session command queue ... is full' " + dropped + " times");
			}
		}
	}

	/** All members leave at once, as after a network outage: Moquette must not drop what they leave behind. */
	private static void disconnectAll(Results results, LowbandServer lowband, List<Mqtt5AsyncClient> clients) {
		long dropped = lowband.droppedCommands();
		long start = System.nanoTime();
		Mqtt.disconnectAll(clients);
		Sleep.millis(2000);
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("clients", clients.size());
		figures.put("disconnect s", Latency.round((System.nanoTime() - start) / 1e9 - 2));
		figures.put("queue-full drops", lowband.droppedCommands() - dropped);
		results.add(ConnectionsScenario.NAME, "all disconnect at once", "Lowband", figures);
	}

	private static String[] lowbandArgs(Options options, String... more) {
		List<String> args = new java.util.ArrayList<>(options.lowbandArgs());
		args.addAll(List.of(more));
		return args.toArray(String[]::new);
	}

	/** Scenario 3 and the plain-queue part of 4, on a second Lowband that lets anonymous clients in. */
	private static void relay(Results results, Options options, Path jar, Path work, Broker other) {
		LowbandServer started = (options.lowbandTarget() == null)
				? LowbandServer.start(jar, work, "relay",
					lowbandArgs(options, "--lowband.broker.allow-anonymous=true")) : null;
		try {
			Broker lowband = (started != null) ? started.broker() : Broker.external("Lowband", options.lowbandTarget());
			System.out.printf("%s: %s against %s, %d s per case%n", RelayScenario.NAME, lowband.name(),
					other == null ? "nothing" : other.name(), options.relaySeconds());
			if (started != null && options.profile() && options.runs(3)) {
				started.startProfile(options.out());
			}
			for (RelayScenario.Case relay : options.runs(3) ? RelayScenario.cases(options)
					: List.<RelayScenario.Case>of()) {
				RelayScenario.run(results, options, lowband, relay);
				if (other != null) {
					RelayScenario.run(results, options, other, relay);
					Double ratio = results.ratio(RelayScenario.NAME, relay.label(), "delivered msg/s");
					results.check("raw relay at least half of Mosquitto's rate: " + relay.label(),
							"Lowband/Mosquitto = " + ratio, ratio != null && ratio >= 0.5);
				}
			}
			if (started != null && options.profile() && options.runs(3)) {
				Path jfr = options.out().resolve("lowband-raw-relay.jfr");
				started.dumpProfile(jfr);
				Profile.summarize(jfr, options.out().resolve("profile-raw-relay.txt"), results, "the raw relay");
			}
			if (options.runs(4)) {
				CatchUpScenario.queue(results, options, lowband);
				if (other != null) {
					CatchUpScenario.queue(results, options, other);
				}
			}
			if (started != null && started.droppedCommands() > 0) {
				results.fail("Lowband (relay) logged 'Session command queue ... is full' " + started.droppedCommands()
						+ " times");
			}
		}
		finally {
			if (started != null) {
				started.close();
			}
		}
	}

	private static void connectionTargets(Results results, Options options) {
		Object held = results.figureOf(ConnectionsScenario.NAME, "TCP", "Lowband", "held");
		Object heap = results.figureOf(ConnectionsScenario.NAME, "TCP", "Lowband", "heap KB/conn");
		results.check("10,000 concurrent connections held", held + " of " + options.connections() + " held",
				held instanceof Number n && n.longValue() >= 10_000);
		results.check("under 20 KB of server heap per idle connection", heap + " KB",
				heap instanceof Number n && n.doubleValue() < 20);
	}

	/** The servers' files take hundreds of MiB after a full run; their logs stay for reading. */
	private static void deleteDataDirectories(Path work) {
		try (var walk = Files.walk(work)) {
			walk.sorted(java.util.Comparator.reverseOrder())
				.filter((p) -> work.relativize(p).toString().startsWith("data-"))
				.forEach((p) -> p.toFile().delete());
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			System.out.println("Could not delete the servers' data under " + work + ": " + ex);
		}
	}

	private static Path newestJar() throws IOException {
		try (var files = Files.list(Path.of("target"))) {
			return files.filter((p) -> p.getFileName().toString().matches("lowband-.*\\.jar"))
				.max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
				.orElseThrow(() -> new IllegalStateException(
						"No target/lowband-*.jar: run ./mvnw -B -ntp -DskipTests package first, or pass --jar"));
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new IllegalStateException("No target/ directory: run the tool from the project root", ex);
		}
	}

}
