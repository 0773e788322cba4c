package io.lowband.web.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser UI in a real Chromium against the whole app: two people in two browser contexts (separate storage,
 * separate connections), each driving the page the way a person would.
 */
class BrowserChatIntegrationTests {

	private static final String PASSWORD = Browsers.PASSWORD;

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	private static RunningApp app;

	@BeforeAll
	static void start() {
		app = browsers.app();
	}

	@Test
	void twoPeopleTalkInARoomAndSeeTheSameOrder() {
		String alice = name("alice");
		String bob = name("bob");
		ChatPage a = person().register(alice, "Alice Martin", PASSWORD);
		ChatPage b = person().register(bob, "Bob Okafor", PASSWORD);

		a.createGroup("Weekend plans").addToOpenRoom(bob);
		a.sendAndConfirm("Hi Bob, are we still on for Saturday?");
		assertThat(b.roomInList("Weekend plans").locator(".badge")).hasText("1");
		b.settled().screenshot("desktop-rooms-unread");
		b.open("Weekend plans");
		assertThat(b.roomInList("Weekend plans").locator(".badge")).hasCount(0);

		List<String> said = new ArrayList<>(List.of("Hi Bob, are we still on for Saturday?"));
		for (int i = 0; i < 3; i++) {
			said.add(talk(b, "Yes! " + (i + 1) + " from Bob"));
			said.add(talk(a, "Great, " + (i + 1) + " from Alice"));
		}

		a.showsExactly(said);
		b.showsExactly(said);
		assertThat(a.seqs()).containsExactlyElementsOf(upTo(said.size()));
		assertThat(b.seqs()).isEqualTo(a.seqs());
		a.screenshot("desktop-room");
		a.page().click("#room-details");
		a.screenshot("desktop-room-details");
		a.page().keyboard().press("Escape");
		a.page().click("#new-chat");
		a.page().fill("#people-query", bob.substring(0, 3));
		assertThat(a.page().locator("#people-results button")).not().hasCount(0);
		a.screenshot("desktop-new-chat");
		a.page().click("#new-chat-dialog button[aria-label=Close]");

		ChatPage phone = phone().signIn(alice, PASSWORD);
		assertThat(phone.roomInList("Weekend plans")).isVisible();
		phone.settled().screenshot("phone-rooms");
		phone.open("Weekend plans").showsExactly(said);
		phone.screenshot("phone-room");

		b.leaveOpenRoom();
		assertThat(b.roomInList("Weekend plans")).hasCount(0);
		assertThat(b.connection()).hasAttribute("data-state", "connected");
		a.page().click("#room-details");
		assertThat(a.page().locator("#members li")).hasCount(1);
	}

	@Test
	void whatArrivesWhileOfflineShowsOnceInOrderAndWhatWasTypedGoesOutOnReconnect() {
		String carol = name("carol");
		String dave = name("dave");
		ChatPage c = person().register(carol, "Carol Diaz", PASSWORD);
		ChatPage d = person().register(dave, "Dave Kim", PASSWORD);
		c.startDirectMessage(dave).sendAndConfirm("Dave, I'll send you the list.");
		d.open("Carol Diaz").showsExactly(List.of("Dave, I'll send you the list."));

		// Chromium's offline mode fires "offline" and holds the traffic of an open WebSocket without closing it
		// (checked with a bare MQTT.js client: no close event, the frames flow again once back online). The page
		// drops its connection on "offline"; the broker closes its end too, as a dead network would after the
		// keepalive timeout, so its persistent session queues what arrives meanwhile.
		d.page().context().setOffline(true);
		app.broker().disconnectUser(dave);
		assertThat(d.connection()).hasAttribute("data-state", "offline");

		List<String> list = IntStream.rangeClosed(1, 20).mapToObj((i) -> "Item " + i + " of 20").toList();
		list.forEach(c::sendAndConfirm);
		d.send("Got it, reading now");
		assertThat(d.message("Got it, reading now")).hasAttribute("data-status", "pending");
		assertThat(d.connection()).containsText("1 message will be sent when you are back online.");
		d.screenshot("desktop-offline");

		d.page().context().setOffline(false);
		assertThat(d.connection()).hasAttribute("data-state", "connected");
		List<String> expected = new ArrayList<>();
		expected.add("Dave, I'll send you the list.");
		expected.addAll(list);
		expected.add("Got it, reading now");
		d.showsExactly(expected);
		c.showsExactly(expected);
		assertThat(d.seqs()).containsExactlyElementsOf(upTo(expected.size()));
	}

	@Test
	void aReloadKeepsTheSessionTheHistoryAndTheOutbox() {
		String erin = name("erin");
		ChatPage e = person().register(erin, "Erin Walsh", PASSWORD);
		e.createGroup("Notes to self");
		List<String> notes = List.of("Buy milk", "Call the bank", "Book the train");
		notes.forEach(e::sendAndConfirm);

		e.page().reload();
		assertThat(e.page().locator("#chat-screen")).isVisible();
		assertThat(e.page().locator("#room-name")).hasText("Notes to self");
		e.showsExactly(notes);

		// The broker cannot be reached (its WebSocket is refused), but the page itself loads: a message typed now
		// waits in the outbox, survives a reload, and goes out with its id once the broker is back.
		AtomicBoolean brokerDown = new AtomicBoolean(true);
		e.page().routeWebSocket((url) -> url.endsWith("/mqtt"), (ws) -> {
			if (brokerDown.get()) {
				ws.close();
			}
			else {
				ws.connectToServer();
			}
		});
		app.broker().disconnectUser(erin);
		assertThat(e.connection()).hasAttribute("data-state", "reconnecting");
		e.send("Water the plants");
		e.page().reload();
		assertThat(e.message("Water the plants")).hasAttribute("data-status", "pending");
		assertThat(e.connection()).hasAttribute("data-state", "reconnecting");
		brokerDown.set(false);
		e.page().click("#retry-now");
		List<String> all = new ArrayList<>(notes);
		all.add("Water the plants");
		e.showsExactly(all);
		assertThat(e.seqs()).containsExactly(1L, 2L, 3L, 4L);

		e.page().click("#sign-out");
		assertThat(e.page().locator("#auth-screen")).isVisible();
		e.page().reload();
		assertThat(e.page().locator("#auth-screen")).isVisible();

		e.signIn(erin, PASSWORD).open("Notes to self").sendAndConfirm("Signed in again");
		all.add("Signed in again");
		e.showsExactly(all);
	}

	@Test
	void olderMessagesLoadWhenScrollingUp() {
		ChatPage g = person().register(name("gina"), "Gina Rossi", PASSWORD).createGroup("Long history");
		// 120 messages at once through the REST API (quicker than typing them), with this page's own token.
		g.page().evaluate("() => {"
				+ " const token = JSON.parse(localStorage.getItem('lowband.session')).token;"
				+ " const room = location.hash.split('/')[2];"
				+ " return Promise.all(Array.from({ length: 120 }, (_, i) => fetch(`/api/rooms/${room}/messages`, {"
				+ "   method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },"
				+ "   body: JSON.stringify({ id: `history-${i}`, body: `Old message ${i}` }) }).then((r) => r.status)));"
				+ " }");
		g.page().reload();
		assertThat(g.messages()).hasCount(50);
		assertThat(g.messages().last()).isInViewport();
		assertThat(g.seqs()).containsExactlyElementsOf(LongStream.rangeClosed(71, 120).boxed().toList());

		while (g.messages().count() < 120) {
			int before = g.messages().count();
			g.page().locator("#messages").evaluate("box => box.scrollTop = 0");
			assertThat(g.messages()).not().hasCount(before);
		}
		assertThat(g.page().locator("#history-status")).hasText("This is the beginning of the conversation.");
		assertThat(g.seqs()).containsExactlyElementsOf(upTo(120));
	}

	@Test
	void aBadSignInShowsTheServersSentence() {
		ChatPage page = person();
		page.screenshot("desktop-sign-in");
		page.signIn(name("nobody"), "not the password");
		assertThat(page.page().locator("#auth-error")).hasText("Wrong username or password.");
		page.screenshot("desktop-sign-in-error");

		page.page().click("#auth-switch");
		page.page().fill("input[name=username]", name("frank"));
		page.page().fill("input[name=password]", "short");
		page.page().click("#auth-submit");
		assertThat(page.page().locator("#auth-error")).hasText("The password must be 8 to 128 characters.");
	}

	private static String talk(ChatPage from, String text) {
		from.sendAndConfirm(text);
		return text;
	}

	private static List<Long> upTo(int n) {
		return LongStream.rangeClosed(1, n).boxed().toList();
	}

	private static String name(String base) {
		return Browsers.name(base);
	}

	private ChatPage person() {
		return browsers.person();
	}

	private ChatPage phone() {
		return browsers.open(Browsers.phone());
	}

}
