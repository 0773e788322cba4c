package io.lowband.web.client;

import java.util.ArrayList;
import java.util.List;

import io.lowband.testing.TestCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lowband.web.client.Browsers.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page, REST and MQTT through the HTTP port alone, over HTTPS and WSS with a certificate made for the test: the
 * broker's own WebSocket listener is off, so a browser that reaches only that one port (a proxy or a network that
 * lets 443 through and nothing else) still signs in and chats.
 */
class OnePortBrowserIntegrationTests {

	private static final TestCertificate certificate = TestCertificate.createTemporary();

	@RegisterExtension
	static final Browsers browsers = new Browsers("https", appArgs());

	private static String[] appArgs() {
		List<String> args = new ArrayList<>(certificate.appArgs());
		args.addAll(List.of("--lowband.broker.websocket-port=-1", "--lowband.broker.tls-port=0"));
		return args.toArray(String[]::new);
	}

	@Test
	void twoPeopleChatOverHttpsWithOnlyTheHttpPort() {
		assertThat(browsers.app().broker().websocketPort()).as("the broker's own WebSocket listener").isEqualTo(-1);
		String alice = name("alice");
		String bob = name("bob");
		ChatPage a = browsers.person().register(alice, "Alice Martin", Browsers.PASSWORD);
		ChatPage b = browsers.person().register(bob, "Bob Okafor", Browsers.PASSWORD);
		assertThat(a.page().url()).startsWith("https://localhost:" + browsers.app().httpPort() + "/");

		a.createGroup("Through one port").addToOpenRoom(bob);
		a.sendAndConfirm("Only 443 gets through here");
		b.open("Through one port").showsExactly(List.of("Only 443 gets through here"));
		b.sendAndConfirm("And yet here we are");
		a.showsExactly(List.of("Only 443 gets through here", "And yet here we are"));
		assertThat(a.connection()).hasAttribute("data-state", "connected");
	}

}
