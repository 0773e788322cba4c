package io.lowband.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where Lowband's time went during the room-chat scenario, from a JFR recording: samples per thread, the
 * methods found on most stacks (inclusive), and the top frames. Java samples show CPU work; native samples
 * (threads inside native code, such as an fsync) show waiting that CPU figures hide.
 */
final class Profile {

	private static final int TOP = 40;

	private Profile() {
	}

	static void summarize(Path jfr, Path summary, Results results, String during) {
		StringBuilder text = new StringBuilder();
		try {
			List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
			text.append(Overview.of(events));
			for (String type : List.of("jdk.ExecutionSample", "jdk.NativeMethodSample")) {
				List<RecordedEvent> samples = events.stream().filter((e) -> e.getEventType().getName().equals(type))
					.toList();
				text.append("== ").append(type).append(": ").append(samples.size()).append(" samples\n");
				append(text, "threads", count(samples, Profile::thread));
				append(text, "top frames (self)", count(samples, Profile::topFrame));
				append(text, "Lowband and store methods on the stack (inclusive)", inclusive(samples));
			}
			Files.writeString(summary, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		results.note("JFR profile of Lowband during " + during + ": " + jfr.getFileName() + ", summary in "
				+ summary.getFileName());
	}

	private static String thread(RecordedEvent sample) {
		var thread = sample.getThread("sampledThread");
		return thread == null ? "?" : thread.getJavaName().replaceAll("\\d+", "N");
	}

	private static String topFrame(RecordedEvent sample) {
		RecordedStackTrace stack = sample.getStackTrace();
		return (stack == null || stack.getFrames().isEmpty()) ? "?" : name(stack.getFrames().get(0));
	}

	/** Each method of io.lowband, the store and the bridge's client counted once per stack it appears on. */
	private static Map<String, Long> inclusive(List<RecordedEvent> samples) {
		Map<String, Long> counts = new HashMap<>();
		for (RecordedEvent sample : samples) {
			if (sample.getStackTrace() == null) {
				continue;
			}
			Set<String> seen = new HashSet<>();
			for (RecordedFrame frame : sample.getStackTrace().getFrames()) {
				String name = name(frame);
				if (name.startsWith("io.lowband") || name.startsWith("de.bwaldvogel") || name.startsWith("org.h2.mvstore")
						|| name.startsWith("sun.nio.ch.FileDispatcherImpl") || name.startsWith("io.moquette")) {
					seen.add(name);
				}
			}
			seen.forEach((name) -> counts.merge(name, 1L, Long::sum));
		}
		return counts;
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private static Map<String, Long> count(List<RecordedEvent> samples, java.util.function.Function<RecordedEvent, String> key) {
		return samples.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
	}

	private static void append(StringBuilder text, String title, Map<String, Long> counts) {
		long total = counts.values().stream().mapToLong(Long::longValue).sum();
		text.append("-- ").append(title).append('\n');
		counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
			.forEach((e) -> text.append(String.format("%7d  %s%n", e.getValue(), e.getKey())));
		text.append('\n');
		if (total == 0) {
			text.append("(none)\n");
		}
	}

}
