package io.lowband.broker;

import java.util.List;

import javax.net.ssl.SSLException;

import io.moquette.broker.ISslContextCreator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * The broker's TLS from a Spring Boot SSL bundle, the same one HTTPS uses ({@code server.ssl.bundle}): one key and
 * certificate for the page, REST, MQTT over TLS and WSS, renewed in one place. Moquette asks for the context once,
 * at start, for its TLS and WSS listeners.
 */
final class TlsContext implements ISslContextCreator {

	private final SslBundle bundle;

	private final String name;

	TlsContext(SslBundle bundle, String name) {
		this.bundle = bundle;
		this.name = name;
	}

	@Override
	public SslContext initSSLContext() {
		SslOptions options = bundle.getOptions();
		try {
			SslContextBuilder builder = SslContextBuilder.forServer(bundle.getManagers().getKeyManagerFactory());
			if (options.getEnabledProtocols() != null) {
				builder.protocols(options.getEnabledProtocols());
			}
			if (options.getCiphers() != null) {
				builder.ciphers(List.of(options.getCiphers()));
			}
			return builder.build();
		}
		catch (SSLException | RuntimeException ex) {
			throw new IllegalStateException("The SSL bundle '" + name + "' (lowband.broker.ssl-bundle) gives no usable"
					+ " server key and certificate: " + ex.getMessage(), ex);
		}
	}

}
