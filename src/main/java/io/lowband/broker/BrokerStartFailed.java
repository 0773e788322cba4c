package io.lowband.broker;

import java.net.BindException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker could not start. When a port was taken, it names the port and the setting that chose it, so the
 * start-up failure reads as one sentence (see {@link BrokerStartFailureAnalyzer}).
 */
class BrokerStartFailed extends RuntimeException {

	private static final Pattern PORT_IN_MESSAGE = Pattern.compile("port: ?(\\d+)");

	private final String action;

	private BrokerStartFailed(String message, String action, Throwable cause) {
		super(message, cause);
		this.action = action;
	}

	String action() {
		return action;
	}

	static BrokerStartFailed from(Throwable failure, BrokerSettings settings) {
		Integer port = boundPortIn(failure);
		if (port == null) {
			return new BrokerStartFailed("The MQTT broker could not start: " + rootMessage(failure),
					"Check the lowband.broker.* settings and the data directory.", failure);
		}
		String setting = (port == settings.websocketPort()) ? "lowband.broker.websocket-port"
				: (settings.tls() && port == settings.tlsPort()) ? "lowband.broker.tls-port" : "lowband.broker.port";
		return new BrokerStartFailed("MQTT port " + port + " on " + settings.host() + " is already in use (set by "
				+ setting + ")", "Stop the process that holds port " + port + ", or set " + setting
						+ " to a free port (0 picks one).", failure);
	}

	private static Integer boundPortIn(Throwable failure) {
		boolean bindFailure = false;
		Integer port = null;
		for (Throwable t = failure; t != null; t = t.getCause()) {
			bindFailure |= t instanceof BindException;
			Matcher m = PORT_IN_MESSAGE.matcher(String.valueOf(t.getMessage()));
			if (port == null && m.find()) {
				port = Integer.valueOf(m.group(1));
			}
		}
		return bindFailure ? port : null;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.toString();
	}

}
