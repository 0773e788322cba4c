package io.lowband.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;

/**
 * Wall time that threads spent blocked in socket reads and file writes and syncs, per thread group, in percent of
 * the recording: for a serial pipeline this, not CPU, says where the time goes.
 */
final class Waits {

	private static final Set<String> TYPES = Set.of("jdk.SocketRead", "jdk.FileForce", "jdk.FileWrite");

	private Waits() {
	}

	static String of(List<RecordedEvent> events) {
		Instant first = events.stream().map(RecordedEvent::getStartTime).min(Instant::compareTo).orElse(Instant.EPOCH);
		Instant last = events.stream().map(RecordedEvent::getEndTime).max(Instant::compareTo).orElse(Instant.EPOCH);
		double wallMillis = Math.max(1, Duration.between(first, last).toMillis());
		Map<String, Map<String, Long>> byThread = events.stream()
			.filter((e) -> TYPES.contains(e.getEventType().getName()) && e.getThread() != null)
			.collect(Collectors.groupingBy((e) -> e.getThread().getJavaName().replaceAll("\\d+", "N"),
					Collectors.groupingBy((e) -> e.getEventType().getName(),
							Collectors.summingLong((e) -> e.getDuration().toNanos()))));
		Map<String, Long> counts = events.stream().filter((e) -> TYPES.contains(e.getEventType().getName()))
			.collect(Collectors.groupingBy((e) -> e.getEventType().getName(), Collectors.counting()));
		StringBuilder text = new StringBuilder(String.format(
				"-- blocked in I/O, %% of the %.1f s recorded, per thread group (summed over its threads); events: %s%n",
				wallMillis / 1000, counts));
		byThread.forEach((thread, kinds) -> kinds.forEach((kind, nanos) -> {
			double percent = 100 * nanos / 1e6 / wallMillis;
			if (percent >= 0.5) {
				text.append(String.format("%6.1f%%  %s in %s (%.2f ms each)%n", percent, thread, kind,
						nanos / 1e6 / Math.max(1, count(events, thread, kind))));
			}
		}));
		return text.toString();
	}

	private static long count(List<RecordedEvent> events, String thread, String kind) {
		return events.stream().filter((e) -> e.getEventType().getName().equals(kind) && e.getThread() != null
				&& e.getThread().getJavaName().replaceAll("\\d+", "N").equals(thread)).count();
	}

}
