package io.lowband.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import org.HdrHistogram.ConcurrentHistogram;

/**
 * End-to-end latency from a {@link System#nanoTime()} carried in the payload: the generator both sends and
 * receives, so both ends read the same clock.
 */
final class Latency {

	private final ConcurrentHistogram micros = new ConcurrentHistogram(120_000_000L, 3);

	void recordSince(long sentNanos) {
		micros.recordValue(Math.max(0, (System.nanoTime() - sentNanos) / 1000));
	}

	long count() {
		return micros.getTotalCount();
	}

	double p99Millis() {
		return millis(99);
	}

	private double millis(double percentile) {
		return micros.getTotalCount() == 0 ? -1 : micros.getValueAtPercentile(percentile) / 1000.0;
	}

	/** p50, p95, p99 and max in milliseconds, for a results row. */
	Map<String, Object> figures() {
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("p50 ms", round(millis(50)));
		figures.put("p95 ms", round(millis(95)));
		figures.put("p99 ms", round(millis(99)));
		figures.put("max ms", round(micros.getTotalCount() == 0 ? -1 : micros.getMaxValue() / 1000.0));
		return figures;
	}

	static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

}
