package io.lowband.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a server process, read from /proc, so that any broker can be measured the same
 * way without an agent inside it.
 */
final class ProcessStats {

	/** Linux reports utime and stime in clock ticks; 100 per second on every common kernel configuration. */
	private static final double TICKS_PER_SECOND = 100.0;

	private ProcessStats() {
	}

	/**
	 * @param cpuSeconds user and system CPU time used so far
	 * @param rssBytes resident memory now
	 * @param nanos when it was taken
	 */
	record Sample(double cpuSeconds, long rssBytes, long nanos) {

		/** CPU used between the two samples, in percent of one core. */
		double cpuPercentSince(Sample earlier) {
			double wall = (nanos - earlier.nanos) / 1e9;
			return (wall <= 0 || cpuSeconds < 0) ? -1 : 100.0 * (cpuSeconds - earlier.cpuSeconds) / wall;
		}

		double rssMiB() {
			return rssBytes < 0 ? -1 : rssBytes / 1048576.0;
		}

	}

	static Sample sample(long pid) {
		long now = System.nanoTime();
		if (pid < 0) {
			return new Sample(-1, -1, now);
		}
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// The command name (field 2) may hold spaces; fields after the closing parenthesis are plain.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
			long rss = -1;
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
			return new Sample(cpu, rss, now);
		}
		catch (IOException | RuntimeException ex) {
			return new Sample(-1, -1, now);
		}
	}

}
