package io.lowband.broker;

import java.time.Duration;
import java.util.Set;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the embedded MQTT broker listens. Port 0 picks a free port (tests use it).
 *
 * @param host the address both listeners bind to
 * @param port MQTT over TCP
 * @param websocketPort MQTT over WebSocket on a port of its own, or -1 for none (MQTT over WebSocket on the HTTP
 * port, {@code lowband.web.mqtt-websocket}, is enough for browsers)
 * @param websocketPath the HTTP path of the WebSocket endpoint
 * @param allowAnonymous let clients connect without a username (development only)
 * @param sessionQueueSize commands a session loop may queue inside Moquette before it drops them. 32768 because 10,000
 * clients that disconnect at once (docs/benchmarks.md) overflow 4,096: Moquette then drops their DISCONNECT commands
 * and they stay online in presence.
 * @param bufferFlushMillis how long Moquette may hold outgoing bytes to batch them (0 flushes at once)
 * @param maxMessageBytes the largest MQTT packet accepted
 * @param sessionExpiry how long the broker keeps an offline persistent session (MQTT 5 clients may ask for less)
 * @param connectTimeout how long a new connection may take to send its CONNECT before it is closed
 * @param maxPendingSends publishes of one connection that may wait for their answer (chat sends wait until
 * stored); at the bound the connection's socket is not read until half are answered.
 * @param maxPendingSendsTotal the same bound over all connections: at it, no connection hands in more until a
 * quarter are answered. With 64 KB packets at most, 20,000 hold at most 1.3 GB, and chat sends of a few hundred
 * bytes about 10 MB.
 * @param maxKeepAlive the longest keep alive an MQTT 5 client gets: one that asks for more, or for none, is told
 * this one in its CONNACK (Server Keep Alive) and held to it; 0 (the default) takes what the client asks. MQTT 3.1.1
 * clients cannot be told, so they keep theirs.
 * @param refusedFilters topic filters no client may subscribe to, whatever the access rules say, refused with 0x80
 * (the Paho interoperability suites expect one, see docs/conformance.md)
 * @param sslBundle the Spring Boot SSL bundle ({@code spring.ssl.bundle.*}) the broker speaks TLS with, or empty for
 * none. With one, MQTT over TLS listens on {@code tlsPort}, and the WebSocket listener speaks only TLS (WSS): a page
 * served over HTTPS may not open a plain WebSocket, and a plain one would carry access tokens in the clear.
 * @param tlsPort MQTT over TLS, when {@code sslBundle} is set
 */
@Validated
@ConfigurationProperties("lowband.broker")
record BrokerSettings(@NotBlank @DefaultValue("0.0.0.0") String host,
		@Min(0) @Max(65535) @DefaultValue("1883") int port,
		@Min(-1) @Max(65535) @DefaultValue("8083") int websocketPort,
		@Pattern(regexp = "/[A-Za-z0-9/_.-]*", message = "must start with / and hold only letters, digits, /, _, . and -") @DefaultValue("/mqtt") String websocketPath,
		@DefaultValue("false") boolean allowAnonymous,
		@Min(16) @Max(1_000_000) @DefaultValue("32768") int sessionQueueSize,
		@Min(0) @Max(1000) @DefaultValue("0") int bufferFlushMillis,
		@Min(1024) @Max(268_435_455) @DefaultValue("65536") int maxMessageBytes,
		@NotNull @DefaultValue("7d") Duration sessionExpiry, @NotNull @DefaultValue("10s") Duration connectTimeout,
		@Min(2) @Max(65535) @DefaultValue("100") int maxPendingSends,
		@Min(2) @Max(10_000_000) @DefaultValue("20000") int maxPendingSendsTotal,
		@NotNull @DefaultValue("0s") Duration maxKeepAlive, @NotNull @DefaultValue Set<String> refusedFilters,
		@NotNull @DefaultValue("") String sslBundle, @Min(0) @Max(65535) @DefaultValue("8883") int tlsPort) {

	boolean tls() {
		return !sslBundle.isBlank();
	}

	boolean websocketListener() {
		return websocketPort != BoundPorts.OFF;
	}

	@AssertTrue(message = "lowband.broker.tls-port must differ from lowband.broker.port and lowband.broker.websocket-port")
	boolean isTlsOnItsOwnPort() {
		return sslBundle == null || sslBundle.isBlank() || tlsPort == 0
				|| (tlsPort != port && tlsPort != websocketPort);
	}

	@AssertTrue(message = "lowband.broker.port and lowband.broker.websocket-port must differ")
	boolean isEachListenerOnItsOwnPort() {
		return port == 0 || port != websocketPort;
	}

	@AssertTrue(message = "lowband.broker.connect-timeout must be between 1 second and 5 minutes")
	boolean isConnectTimeoutSensible() {
		return connectTimeout == null
				|| (connectTimeout.toMillis() >= 1000 && connectTimeout.compareTo(Duration.ofMinutes(5)) <= 0);
	}

	@AssertTrue(message = "lowband.broker.max-keep-alive must be 0 (none) or between 1 second and 65535 seconds")
	boolean isMaxKeepAliveSensible() {
		return maxKeepAlive == null || maxKeepAlive.isZero()
				|| (maxKeepAlive.toSeconds() >= 1 && maxKeepAlive.toSeconds() <= 65535);
	}

	@AssertTrue(message = "must be at least one second")
	boolean isSessionExpiryPositive() {
		return sessionExpiry == null || sessionExpiry.toSeconds() >= 1;
	}

}
