package io.lowband.broker;

import java.nio.file.Path;
import java.util.Properties;

import io.moquette.BrokerConstants;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;

/**
 * Turns Lowband's broker settings into Moquette's configuration. Every key is set here, so nothing depends on
 * Moquette's own defaults or on a {@code moquette.conf} lying around.
 */
final class MoquetteConfig {

	private MoquetteConfig() {
	}

	static IConfig from(BrokerSettings settings, Path dataDir) {
		Properties p = new Properties();
		p.setProperty(IConfig.HOST_PROPERTY_NAME, settings.host());
		p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(settings.port()));
		String websocket = settings.websocketListener() ? Integer.toString(settings.websocketPort())
				: BrokerConstants.DISABLED_PORT_BIND;
		if (settings.tls()) {
			// The WebSocket listener speaks only TLS then (BrokerSettings.sslBundle); the context is TlsContext's.
			p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
			p.setProperty(IConfig.WSS_PORT_PROPERTY_NAME, websocket);
			p.setProperty(IConfig.SSL_PORT_PROPERTY_NAME, Integer.toString(settings.tlsPort()));
		}
		else {
			p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, websocket);
		}
		p.setProperty(IConfig.WEB_SOCKET_PATH_PROPERTY_NAME, settings.websocketPath());
		p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, Boolean.toString(settings.allowAnonymous()));
		// mosquitto_pub and mosquitto_sub connect with an empty client id and clean session; the spec allows it.
		p.setProperty("allow_zero_byte_client_id", "true");
		// Moquette 0.18.3 ignores this setting: it always checks a reopened persistent session's plain subscriptions
		// again (MoquetteSecurity.canRead), never its shared ones, which are checked at start instead.
		p.setProperty("reauthorize_subscriptions_on_connect", "true");
		// Sessions, subscriptions, queued messages and retained messages go to disk under the data directory.
		p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "true");
		p.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, dataDir.toString());
		// Segmented queues survive a clean stop (every session's, thanks to QueueCheckpoint). After
		// kill -9 Moquette's queues are not reliable in either mode (h2 queues even refuse to restart), so
		// undelivered chat messages are recovered from MongoDB by seq instead.
		p.setProperty(IConfig.PERSISTENT_QUEUE_TYPE_PROPERTY_NAME, "segmented");
		// Sessions, subscriptions and retained messages are committed this often (seconds); a crash loses at most that.
		p.setProperty("autosave_interval", "1");
		p.setProperty(IConfig.PERSISTENT_CLIENT_EXPIRATION_PROPERTY_NAME, settings.sessionExpiry().toSeconds() + "s");
		p.setProperty(IConfig.SESSION_QUEUE_SIZE, Integer.toString(settings.sessionQueueSize()));
		p.setProperty(IConfig.BUFFER_FLUSH_MS_PROPERTY_NAME, Integer.toString(settings.bufferFlushMillis()));
		p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(settings.maxMessageBytes()));
		p.setProperty("websocket_max_frame_size", Integer.toString(settings.maxMessageBytes()));
		// Off, and relied on: the edge checks each PUBLISH by its topic name, which an alias would leave empty.
		p.setProperty(IConfig.TOPIC_ALIAS_MAXIMUM_PROPERTY_NAME, "0");
		// Moquette would otherwise try to reach its authors' server at start-up.
		p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
		p.setProperty("netty.native", "false");
		return new MemoryConfig(p);
	}

}
