package io.lowband.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What to run and how big. {@code --smoke} is the CI size (seconds), {@code --full} the size the issue asks for;
 * single figures can be overridden after either.
 *
 * @param smoke whether this is the CI smoke run (any loss fails it)
 * @param jar the Lowband jar to start
 * @param out where results.json, results.md and chart.html go
 * @param connections MQTT connections held in scenario 1 (also the members of scenario 2: rooms x 10)
 * @param websocketConnections MQTT-over-WebSocket connections held in scenario 1
 * @param rates offered send rates of scenario 2, msg/s, tried in order until one fails
 * @param stepSeconds how long each rate is offered
 * @param relaySeconds how long each raw-relay case runs
 * @param relayClients publishers of the fan-in case and subscribers of the fan-out case
 * @param missed messages missed by the catch-up client
 * @param profile whether to record a JFR profile of Lowband during scenario 2
 * @param mosquitto whether to start Mosquitto and compare against it
 * @param lowbandTarget an already running MQTT broker host:port to use instead of starting Lowband for raw relay
 * @param mosquittoTarget an already running broker host:port to use instead of starting Mosquitto
 * @param scenarios which scenarios to run (1 to 5)
 * @param lowbandArgs extra settings for every Lowband the tool starts, to measure a tuning
 */
record Options(boolean smoke, Path jar, Path out, int connections, int websocketConnections, List<Integer> rates,
		int stepSeconds, int relaySeconds, int relayClients, int missed, boolean profile, boolean mosquitto,
		String lowbandTarget, String mosquittoTarget, List<Integer> scenarios, List<String> lowbandArgs) {

	static final String USAGE = """
			Usage: java -jar bench/target/lowband-bench.jar [--smoke | --full] [options]
			  --smoke                 tiny run for CI: 200 connections, 2 short rate steps, 100-message catch-up
			  --full                  the issue's scale: 10,000 connections, rates from 10 up to 12,000 msg/s (default)
			  --jar PATH              Lowband jar (default: the newest target/lowband-*.jar)
			  --out DIR               output directory (default: target/bench)
			  --connections N         scenario 1 TCP connections, a multiple of 10 (rooms = N / 10 in scenario 2)
			  --ws-connections N      scenario 1 WebSocket connections
			  --rates R1,R2,...       scenario 2 offered rates in msg/s
			  --step-seconds S        scenario 2 seconds per rate
			  --relay-seconds S       scenario 3 seconds per case
			  --relay-clients N       scenario 3 fan-in publishers / fan-out subscribers
			  --missed N              scenario 4 missed messages
			  --profile, --no-profile record (or skip) a JFR profile of Lowband in scenario 2
			  --no-mosquitto          do not start Mosquitto
			  --target HOST:PORT      scenario 3: use this running broker in place of a started Lowband
			  --mosquitto-target HOST:PORT  scenario 3: use this running broker in place of a started Mosquitto
			  --scenarios 1,2,...     run only these scenarios (default: all five)
			  --lowband-arg ARG       pass ARG (e.g. --lowband.broker.buffer-flush-millis=1) to every Lowband started
			""";

	private static final List<Integer> ALL = List.of(1, 2, 3, 4, 5);

	static Options parse(String... args) {
		List<String> list = new ArrayList<>(Arrays.asList(args));
		boolean smoke = list.remove("--smoke");
		list.remove("--full");
		Options o = smoke ? new Options(true, null, Path.of("target/bench"), 200, 50, List.of(20, 100), 2, 2, 10, 100,
				false, true, null, null, ALL, List.of())
				: new Options(false, null, Path.of("target/bench"), 10_000, 1_000,
						List.of(10, 25, 50, 100, 200, 500, 1000, 2000, 4000, 8000, 12000), 10, 10, 50, 1000, true, true, null, null, ALL, List.of());
		for (int i = 0; i < list.size(); i++) {
			String name = list.get(i);
			if (name.equals("--no-profile")) {
				o = o.with(false, o.mosquitto);
				continue;
			}
			if (name.equals("--profile")) {
				o = o.with(true, o.mosquitto);
				continue;
			}
			if (name.equals("--no-mosquitto")) {
				o = o.with(o.profile, false);
				continue;
			}
			if (name.equals("--help") || i + 1 >= list.size()) {
				throw new IllegalArgumentException(name.equals("--help") ? "" : "missing value after " + name);
			}
			o = o.set(name, list.get(++i));
		}
		if (o.connections % 10 != 0) {
			throw new IllegalArgumentException("--connections must be a multiple of 10 (rooms of 10)");
		}
		return o;
	}

	boolean runs(int scenario) {
		return scenarios.contains(scenario);
	}

	private Options with(boolean profile, boolean mosquitto) {
		return new Options(smoke, jar, out, connections, websocketConnections, rates, stepSeconds, relaySeconds,
				relayClients, missed, profile, mosquitto, lowbandTarget, mosquittoTarget, scenarios, lowbandArgs);
	}

	private Options set(String name, String v) {
		Path jar = this.jar;
		Path out = this.out;
		int connections = this.connections;
		int ws = this.websocketConnections;
		List<Integer> rates = this.rates;
		int step = this.stepSeconds;
		int relay = this.relaySeconds;
		int relayClients = this.relayClients;
		int missed = this.missed;
		String lowbandTarget = this.lowbandTarget;
		String mosquittoTarget = this.mosquittoTarget;
		List<Integer> scenarios = this.scenarios;
		List<String> lowbandArgs = this.lowbandArgs;
		switch (name) {
			case "--jar" -> jar = Path.of(v);
			case "--out" -> out = Path.of(v);
			case "--connections" -> connections = Integer.parseInt(v);
			case "--ws-connections" -> ws = Integer.parseInt(v);
			case "--rates" -> rates = Arrays.stream(v.split(",")).map(String::trim).map(Integer::valueOf).toList();
			case "--step-seconds" -> step = Integer.parseInt(v);
			case "--relay-seconds" -> relay = Integer.parseInt(v);
			case "--relay-clients" -> relayClients = Integer.parseInt(v);
			case "--missed" -> missed = Integer.parseInt(v);
			case "--target" -> lowbandTarget = v;
			case "--mosquitto-target" -> mosquittoTarget = v;
			case "--scenarios" -> scenarios = Arrays.stream(v.split(",")).map(String::trim).map(Integer::valueOf).toList();
			case "--lowband-arg" -> {
				lowbandArgs = new ArrayList<>(lowbandArgs);
				lowbandArgs.add(v);
			}
			default -> throw new IllegalArgumentException("unknown option " + name);
		}
		return new Options(smoke, jar, out, connections, ws, rates, step, relay, relayClients, missed, profile,
				mosquitto, lowbandTarget, mosquittoTarget, scenarios, lowbandArgs);
	}

}
