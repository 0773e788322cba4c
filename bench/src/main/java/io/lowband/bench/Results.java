package io.lowband.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run measured: rows of figures per scenario, the targets met or missed, and notes. Written
 * out as JSON, Markdown and a chart by {@link Report}.
 */
final class Results {

	/**
	 * One line of a scenario's table.
	 *
	 * @param scenario e.g. "3. Raw relay"
	 * @param label the case, e.g. "fan-in QoS 1"
	 * @param server "Lowband" or "Mosquitto"
	 * @param figures named figures in the order they print
	 */
	record Row(String scenario, String label, String server, Map<String, Object> figures) {
	}

	/**
	 * A target from the issue.
	 *
	 * @param target what the issue asks
	 * @param measured what this run got
	 * @param met whether it was reached
	 */
	record Check(String target, String measured, boolean met) {
	}

	final Map<String, Object> run = new LinkedHashMap<>();

	final List<Row> rows = new ArrayList<>();

	final List<Check> checks = new ArrayList<>();

	final List<String> notes = new ArrayList<>();

	/** Problems a smoke run must fail on: loss, duplicates of a fresh send, a crashed scenario. */
	final List<String> failures = new ArrayList<>();

	Row add(String scenario, String label, String server, Map<String, Object> figures) {
		Row row = new Row(scenario, label, server, figures);
		rows.add(row);
		System.out.printf("  %-22s %-28s %-9s %s%n", scenario, label, server, figures);
		return row;
	}

	void check(String target, String measured, boolean met) {
		checks.add(new Check(target, measured, met));
		System.out.printf("  target %s: %s (%s)%n", met ? "MET   " : "MISSED", target, measured);
	}

	void note(String note) {
		notes.add(note);
		System.out.println("  note: " + note);
	}

	void fail(String failure) {
		failures.add(failure);
		System.out.println("  FAILURE: " + failure);
	}

	/** The figure of the other server's row with the same scenario and case, to print Lowband/Mosquitto ratios. */
	Object figureOf(String scenario, String label, String server, String key) {
		return rows.stream()
			.filter((r) -> r.scenario.equals(scenario) && r.label.equals(label) && r.server.equals(server))
			.findFirst().map((r) -> r.figures.get(key)).orElse(null);
	}

	/** Lowband's figure divided by Mosquitto's, or null when either is missing. */
	Double ratio(String scenario, String label, String key) {
		Object lowband = figureOf(scenario, label, "Lowband", key);
		Object mosquitto = figureOf(scenario, label, "Mosquitto", key);
		if (!(lowband instanceof Number l) || !(mosquitto instanceof Number m) || m.doubleValue() == 0) {
			return null;
		}
		return Math.round(100 * l.doubleValue() / m.doubleValue()) / 100.0;
	}

}
