package io.lowband.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * chart.html: grouped bar charts as inline SVG, one per figure worth seeing, Lowband and Mosquitto side by side.
 * Self-contained on purpose: no script, no CDN, opens from disk.
 */
final class Chart {

	private static final String[] COLOURS = { "#3867d6", "#eb8b2d", "#20bf6b", "#8854d0" };

	private static final int WIDTH = 760;

	private static final int BAR_AREA = 220;

	private Chart() {
	}

	/**
	 * @param scenario whose rows to draw
	 * @param figure which figure of each row
	 * @param title the chart's heading
	 * @param limit a target to draw as a line, or 0; the scale stops at five times it, so that one overloaded step
	 * does not flatten the others (its bar is cut and keeps its figure)
	 */
	record Panel(String scenario, String figure, String title, double limit) {

		Panel(String scenario, String figure, String title) {
			this(scenario, figure, title, 0);
		}

	}

	static final List<Panel> PANELS = List.of(
			new Panel(RelayScenario.NAME, "delivered msg/s", "Raw relay: delivered messages per second (higher is better)"),
			new Panel(RelayScenario.NAME, "p99 ms", "Raw relay: p99 latency, ms (lower is better)"),
			new Panel(RoomChatScenario.NAME, "stored msg/s", "Room chat: stored messages per second, per offered rate"),
			new Panel(RoomChatScenario.NAME, "p99 ms", "Room chat: p99 delivery latency, ms, per offered rate (limit 100)",
					100),
			new Panel(ConnectionsScenario.NAME, "RSS KB/conn", "Connections: server resident memory per connection, KB"),
			new Panel(ConnectionsScenario.NAME, "connects/s", "Connections: connects per second"),
			new Panel(CatchUpScenario.NAME, "ms until all held", "Catch-up: ms until the device holds every missed message"),
			new Panel(BytesScenario.NAME, "total bytes/msg", "Bytes on the recipient's link per delivered message"));

	static String html(Results results) {
		StringBuilder html = new StringBuilder("""
				<!DOCTYPE html><html><head><meta charset="utf-8"><title>Lowband benchmark</title>
				<style>body{font-family:sans-serif;margin:2em;color:#222}h2{font-size:1.05em;margin-top:2em}
				svg text{font-size:11px}</style></head><body><h1>Lowband benchmark</h1>
				""");
		results.run.forEach((key, value) -> html.append("<div>").append(escape(key)).append(": ")
			.append(escape(String.valueOf(value))).append("</div>"));
		for (Panel panel : PANELS) {
			List<Results.Row> rows = results.rows.stream()
				.filter((r) -> r.scenario().equals(panel.scenario()) && r.figures().get(panel.figure()) instanceof Number)
				.toList();
			if (!rows.isEmpty()) {
				html.append("<h2>").append(escape(panel.title())).append("</h2>").append(svg(rows, panel));
			}
		}
		return html.append("</body></html>\n").toString();
	}

	private static String svg(List<Results.Row> rows, Panel panel) {
		String figure = panel.figure();
		Set<String> labels = new LinkedHashSet<>();
		Set<String> servers = new LinkedHashSet<>(List.of("Lowband"));
		rows.forEach((r) -> {
			labels.add(r.label());
			servers.add(r.server());
		});
		double max = rows.stream().mapToDouble((r) -> ((Number) r.figures().get(figure)).doubleValue()).max().orElse(1);
		max = (panel.limit() > 0) ? Math.min(Math.max(max, 1.2 * panel.limit()), 5 * panel.limit()) : max;
		max = (max <= 0) ? 1 : max;
		int group = WIDTH / Math.max(labels.size(), 1);
		int bar = Math.max(8, (group - 20) / Math.max(servers.size(), 1));
		StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">", WIDTH + 20, BAR_AREA + 70));
		int g = 0;
		for (String label : labels) {
			int x = 10 + g * group;
			int s = 0;
			for (String server : servers) {
				Object value = rows.stream().filter((r) -> r.label().equals(label) && r.server().equals(server))
					.findFirst().map((r) -> r.figures().get(figure)).orElse(null);
				if (value instanceof Number number) {
					int height = (int) Math.round(BAR_AREA * Math.min(1, Math.max(0, number.doubleValue()) / max));
					int bx = x + s * bar;
					svg.append(String.format(Locale.ROOT,
							"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"><title>%s %s: %s</title></rect>",
							bx, 20 + BAR_AREA - height, bar - 2, height, COLOURS[s % COLOURS.length], escape(server),
							escape(label), number));
					svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", bx, 16 + BAR_AREA - height,
							number));
				}
				s++;
			}
			svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", x, BAR_AREA + 36,
					escape(label.length() > 28 ? label.substring(0, 28) : label)));
			g++;
		}
		if (panel.limit() > 0) {
			int y = 20 + BAR_AREA - (int) Math.round(BAR_AREA * panel.limit() / max);
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c0392b\" stroke-dasharray=\"6 4\"/>", y,
					WIDTH + 20, y));
		}
		int s = 0;
		for (String server : servers) {
			svg.append(String.format(Locale.ROOT,
					"<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
					10 + s * 120, BAR_AREA + 52, COLOURS[s % COLOURS.length], 24 + s * 120, BAR_AREA + 61, escape(server)));
			s++;
		}
		return svg.append("</svg>").toString();
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
