package io.lowband.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.SerializationFeature;

/** Writes a run's results as results.json, results.md and chart.html. */
final class Report {

	/** The figure that a Lowband/Mosquitto ratio compares, per scenario. */
	static final Map<String, List<String>> RATIO_FIGURES = Map.of(ConnectionsScenario.NAME,
			List.of("connects/s", "RSS KB/conn", "RSS MiB"), RelayScenario.NAME,
			List.of("delivered msg/s", "p99 ms", "server CPU µs/msg"), CatchUpScenario.NAME, List.of("ms until all held"));

	private Report() {
	}

	static void write(Results results, Path out) throws IOException {
		Files.createDirectories(out);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("run", results.run);
		json.put("rows", results.rows);
		json.put("ratios", ratios(results));
		json.put("targets", results.checks);
		json.put("notes", results.notes);
		json.put("failures", results.failures);
		Api.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("results.json").toFile(), json);
		Files.writeString(out.resolve("results.md"), markdown(results));
		Files.writeString(out.resolve("chart.html"), Chart.html(results));
	}

	/** Lowband/Mosquitto for every case both brokers ran. */
	static List<Map<String, Object>> ratios(Results results) {
		Set<String> done = new LinkedHashSet<>();
		List<Map<String, Object>> ratios = new java.util.ArrayList<>();
		for (Results.Row row : results.rows) {
			List<String> keys = RATIO_FIGURES.get(row.scenario());
			if (keys == null || !done.add(row.scenario() + "|" + row.label())) {
				continue;
			}
			for (String key : keys) {
				Double ratio = results.ratio(row.scenario(), row.label(), key);
				if (ratio != null) {
					Map<String, Object> line = new LinkedHashMap<>();
					line.put("scenario", row.scenario());
					line.put("case", row.label());
					line.put("figure", key);
					line.put("Lowband", results.figureOf(row.scenario(), row.label(), "Lowband", key));
					line.put("Mosquitto", results.figureOf(row.scenario(), row.label(), "Mosquitto", key));
					line.put("Lowband/Mosquitto", ratio);
					ratios.add(line);
				}
			}
		}
		return ratios;
	}

	static String markdown(Results results) {
		StringBuilder md = new StringBuilder("# Lowband benchmark results\n\n");
		results.run.forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
		Set<String> scenarios = new LinkedHashSet<>();
		results.rows.forEach((row) -> scenarios.add(row.scenario()));
		for (String scenario : scenarios) {
			md.append("\n## ").append(scenario).append("\n\n");
			List<Results.Row> rows = results.rows.stream().filter((r) -> r.scenario().equals(scenario)).toList();
			Set<String> keys = new LinkedHashSet<>();
			rows.forEach((r) -> keys.addAll(r.figures().keySet()));
			md.append("| case | server | ").append(String.join(" | ", keys)).append(" |\n|---|---|");
			keys.forEach((k) -> md.append("---|"));
			md.append('\n');
			for (Results.Row row : rows) {
				md.append("| ").append(row.label()).append(" | ").append(row.server()).append(" | ");
				keys.forEach((k) -> md.append(row.figures().getOrDefault(k, "")).append(" | "));
				md.append('\n');
			}
		}
		List<Map<String, Object>> ratios = ratios(results);
		if (!ratios.isEmpty()) {
			md.append("\n## Lowband / Mosquitto\n\n| scenario | case | figure | Lowband | Mosquitto | ratio |\n")
				.append("|---|---|---|---|---|---|\n");
			ratios.forEach((r) -> md.append(String.format("| %s | %s | %s | %s | %s | %s |%n", r.get("scenario"),
					r.get("case"), r.get("figure"), r.get("Lowband"), r.get("Mosquitto"), r.get("Lowband/Mosquitto"))));
		}
		md.append("\n## Targets\n\n| target | measured | met |\n|---|---|---|\n");
		results.checks.forEach((c) -> md.append(String.format("| %s | %s | %s |%n", c.target(), c.measured(),
				c.met() ? "yes" : "**no**")));
		if (!results.notes.isEmpty()) {
			md.append("\n## Notes\n\n");
			results.notes.forEach((n) -> md.append("- ").append(n).append('\n'));
		}
		md.append("\n## Problems seen\n\n");
		if (results.failures.isEmpty()) {
			md.append("None: no loss, no duplicates, no failed connection.\n");
		}
		results.failures.forEach((f) -> md.append("- ").append(f).append('\n'));
		return md.toString();
	}

}
