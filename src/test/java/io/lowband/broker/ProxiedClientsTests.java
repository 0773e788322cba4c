package io.lowband.broker;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProxiedClientsTests {

	private final ProxiedClients proxied = new ProxiedClients();

	private final InetSocketAddress proxySide = new InetSocketAddress("127.0.0.1", 50123);

	private final InetSocketAddress phone = new InetSocketAddress("203.0.113.7", 41000);

	@Test
	void aProxiedConnectionIsSeenAsItsClientUntilItEnds() {
		proxied.add(proxySide, phone);
		assertThat(proxied.behind(proxySide)).isEqualTo(phone);
		assertThat(proxied.behind(new InetSocketAddress("127.0.0.1", 50124))).as("another connection")
			.isEqualTo(new InetSocketAddress("127.0.0.1", 50124));

		proxied.remove(proxySide);
		assertThat(proxied.behind(proxySide)).isEqualTo(proxySide);
		assertThat(proxied.behind(null)).isNull();
	}

}
