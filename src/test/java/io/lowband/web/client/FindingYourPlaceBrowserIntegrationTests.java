package io.lowband.web.client;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lowband.web.client.Browsers.name;
import static org.assertj.core.api.Assertions.assertThat;

/** Opening a room with unread messages shows a "New messages" divider at the read marker, and jumps to it. */
class FindingYourPlaceBrowserIntegrationTests {

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	@Test
	void aDividerMarksTheFirstUnreadAndAJumpLeadsBackToIt() {
		String alice = name("alice");
		String bob = name("bob");
		ChatPage a = browsers.signedUp(alice, "Alice Martin");
		ChatPage b = browsers.signedUp(bob, "Bob Okafor");
		a.createGroup("Trip").addToOpenRoom(bob);
		a.sendAndConfirm("Read 1");
		a.sendAndConfirm("Read 2");
		b.open("Trip");
		assertThat(b.message("Read 2")).isVisible();
		b.page().navigate(b.page().url().replaceAll("#.*", "#/"));
		assertThat(b.roomInList("Trip")).isVisible();

		// More than one page of history (50) arrives while Bob looks elsewhere.
		Object statuses = a.page().evaluate("async () => {"
				+ " const token = JSON.parse(localStorage.getItem('lowband.session')).token;"
				+ " const room = location.hash.split('/')[2];"
				+ " const statuses = new Set();"
				+ " for (let i = 1; i <= 80; i++) statuses.add((await fetch(`/api/rooms/${room}/messages`, {"
				+ "   method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },"
				+ "   body: JSON.stringify({ id: `unread-${i}`, body: `Unread ${i}` }) })).status);"
				+ " return [...statuses];"
				+ " }");
		assertThat(statuses).asString().isEqualTo("[201]"); // every one stored
		assertThat(b.roomInList("Trip").locator(".badge")).hasText("80");

		b.open("Trip");
		assertThat(divider(b)).isInViewport();
		assertThat(divider(b)).hasText("New messages");
		assertThat(b.page().locator("#unread-divider + li.msg .body")).hasText("Unread 1");
		assertThat(b.page().locator("li.msg:has(+ #unread-divider) .body")).hasText("Read 2");
		b.screenshot("desktop-new-messages-divider");

		b.page().locator("#messages").evaluate("box => box.scrollTop = box.scrollHeight");
		assertThat(b.message("Unread 80")).isInViewport();
		assertThat(divider(b)).not().isInViewport();
		assertThat(b.page().locator("#jump-unread")).isVisible();
		b.page().click("#jump-unread");
		assertThat(divider(b)).isInViewport();
		assertThat(b.page().locator("#jump-unread")).isHidden();

		// Everything was read: the next visit has no divider.
		b.page().navigate(b.page().url().replaceAll("#.*", "#/"));
		b.open("Trip");
		assertThat(b.message("Unread 80")).isVisible();
		assertThat(divider(b)).hasCount(0);
	}

	private static Locator divider(ChatPage page) {
		return page.page().locator("#unread-divider");
	}

}
