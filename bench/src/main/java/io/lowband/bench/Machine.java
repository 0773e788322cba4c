package io.lowband.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** What the figures were measured on, so that a table never travels without its machine and command. */
final class Machine {

	private Machine() {
	}

	static void describe(Results results, Options options, Path jar, String args) {
		results.run.put("date", Instant.now().toString());
		results.run.put("command", "java -jar bench/target/lowband-bench.jar " + args);
		results.run.put("mode", options.smoke() ? "smoke (CI size, figures mean little)" : "full");
		results.run.put("cpu", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
		results.run.put("memory", firstLine("/proc/meminfo", "MemTotal:").replaceAll("\\s+", " "));
		results.run.put("kernel", System.getProperty("os.name") + " " + System.getProperty("os.version"));
		results.run.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		results.run.put("load average at start", loadAverage());
		results.run.put("lowband jar", jar.toString());
		results.run.put("load generator", "this process, HiveMQ MQTT client 1.3.17, same machine as the servers");
		results.run.put("sizes", options.connections() + " TCP + " + options.websocketConnections()
				+ " WebSocket connections; rates " + options.rates() + " msg/s x " + options.stepSeconds() + " s; relay "
				+ options.relayClients() + " clients x " + options.relaySeconds() + " s; catch-up " + options.missed());
	}

	/** The 1, 5 and 15 minute load averages: other work on the same two cores moves every figure. */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return fields[0] + " " + fields[1] + " " + fields[2];
		}
		catch (IOException ex) {
			return "?";
		}
	}

	private static String cpuModel() {
		String line = firstLine("/proc/cpuinfo", "model name");
		return line.contains(":") ? line.substring(line.indexOf(':') + 1).trim() : line;
	}

	private static String firstLine(String file, String prefix) {
		try (var lines = Files.lines(Path.of(file))) {
			return lines.filter((l) -> l.startsWith(prefix)).findFirst().orElse("?");
		}
		catch (IOException ex) {
			return "?";
		}
	}

}
