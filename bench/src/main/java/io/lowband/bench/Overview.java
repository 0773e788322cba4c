package io.lowband.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;

/**
 * The part of a JFR recording that samples miss: how busy the JVM and the whole machine were (other processes
 * compete for the same two cores), time in GC pauses, and CPU per thread, which also counts GC and JIT threads.
 */
final class Overview {

	private Overview() {
	}

	static String of(List<RecordedEvent> events) {
		StringBuilder text = new StringBuilder("== overview\n");
		List<RecordedEvent> load = ofType(events, "jdk.CPULoad");
		text.append(String.format("CPU (share of all cores, averaged over %d samples): JVM user %.0f%%, JVM system %.0f%%,"
				+ " whole machine %.0f%%%n", load.size(), 100 * average(load, "jvmUser"),
				100 * average(load, "jvmSystem"), 100 * average(load, "machineTotal")));
		List<RecordedEvent> pauses = ofType(events, "jdk.GCPhasePause");
		long pauseMillis = pauses.stream().mapToLong((e) -> e.getDuration().toMillis()).sum();
		long longest = pauses.stream().map(RecordedEvent::getDuration).max(Duration::compareTo).orElse(Duration.ZERO)
			.toMillis();
		text.append(String.format("GC pauses: %d, %d ms in all, longest %d ms%n", pauses.size(), pauseMillis, longest));
		Map<String, Double> threads = ofType(events, "jdk.ThreadCPULoad").stream()
			.filter((e) -> e.getThread("eventThread") != null)
			.collect(Collectors.groupingBy((e) -> e.getThread("eventThread").getJavaName().replaceAll("\\d+", "N"),
					Collectors.averagingDouble((e) -> e.getFloat("user") + e.getFloat("system"))));
		text.append("-- average CPU per thread group (share of all cores, summed over threads of the group)\n");
		Map<String, Long> counts = ofType(events, "jdk.ThreadCPULoad").stream()
			.filter((e) -> e.getThread("eventThread") != null)
			.collect(Collectors.groupingBy((e) -> e.getThread("eventThread").getJavaName().replaceAll("\\d+", "N"),
					Collectors.mapping((e) -> e.getThread("eventThread").getJavaThreadId(),
							Collectors.collectingAndThen(Collectors.toSet(), (set) -> (long) set.size()))));
		threads.entrySet().stream().map((e) -> Map.entry(e.getKey(), e.getValue() * counts.get(e.getKey())))
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(15)
			.forEach((e) -> text.append(String.format("%6.1f%%  %s%n", 100 * e.getValue(), e.getKey())));
		text.append(Waits.of(events));
		return text.append('\n').toString();
	}

	private static List<RecordedEvent> ofType(List<RecordedEvent> events, String type) {
		return events.stream().filter((e) -> e.getEventType().getName().equals(type)).toList();
	}

	private static double average(List<RecordedEvent> events, String field) {
		return events.stream().mapToDouble((e) -> e.getFloat(field)).average().orElse(-1);
	}

}
