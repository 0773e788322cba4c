package io.lowband.web.client;

import java.util.List;
import java.util.Map;

import com.microsoft.playwright.BrowserContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lowband.web.client.Browsers.PASSWORD;
import static io.lowband.web.client.Browsers.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Desktop notifications (asked for on a click) for messages that arrive while the tab is hidden, and the unread
 * count on the favicon and in the title.
 */
class NotificationsBrowserIntegrationTests {

	/**
	 * Records each notification the page shows (and still shows it), and lets the test hide the tab: headless
	 * Chromium keeps every tab visible, so document.visibilityState answers what the test says.
	 */
	private static final String SPY = """
			window.shownNotifications = [];
			window.askedForPermission = 0;
			const Real = window.Notification;
			window.Notification = class extends Real {
			  constructor(title, options) { super(title, options); window.shownNotifications.push({ title, body: options.body }); }
			  static requestPermission() { window.askedForPermission++; return Real.requestPermission(); }
			};
			let hidden = false;
			Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
			Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
			window.setTabHidden = (value) => { hidden = value; document.dispatchEvent(new Event('visibilitychange')); };
			""";

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	@Test
	void aMessageWhileTheTabIsHiddenNotifiesAndBadgesTheFavicon() {
		String alice = name("alice");
		String bob = name("bob");
		ChatPage a = browsers.signedUp(alice, "Alice Martin");
		ChatPage b = browsers.person();
		b.page().addInitScript(SPY);
		b.page().reload();
		b.register(bob, "Bob Okafor", PASSWORD);
		a.startDirectMessage(bob).sendAndConfirm("First!");
		b.open("Alice Martin");

		assertThat(b.page().locator("#enable-notifications")).isVisible();
		assertThat(b.page().evaluate("window.askedForPermission")).isEqualTo(0);
		b.page().context().grantPermissions(List.of("notifications"));
		b.page().click("#enable-notifications");
		assertThat(b.page().evaluate("window.askedForPermission")).isEqualTo(1);
		assertThat(b.page().locator("#enable-notifications")).isHidden();

		a.sendAndConfirm("The open room, on screen: no notification");
		assertThat(b.message("The open room, on screen: no notification")).isVisible();
		b.sendAndConfirm("Nor for my own");

		b.page().evaluate("setTabHidden(true)");
		a.sendAndConfirm("Are you coming?");
		assertThat(b.page()).hasTitle("(1) Lowband");
		assertThat(b.page().locator("link[rel=icon]")).hasAttribute("href", java.util.regex.Pattern.compile("^data:image/svg\\+xml,"));
		assertThat(notifications(b)).containsExactly(Map.of("title", "Alice Martin", "body", "Are you coming?"));

		b.page().evaluate("setTabHidden(false)");
		assertThat(b.page()).hasTitle("Lowband");
		assertThat(b.page().locator("link[rel=icon]")).hasAttribute("href", "favicon.svg");
	}

	@Test
	void theButtonStaysAwayOnceTheBrowserAnswered() {
		ChatPage c = browsers.person();
		BrowserContext context = c.page().context();
		context.grantPermissions(List.of("notifications"));
		c.register(name("carol"), "Carol Diaz", PASSWORD);
		assertThat(c.page().locator("#enable-notifications")).isHidden();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> notifications(ChatPage page) {
		return (List<Map<String, Object>>) page.page().evaluate("window.shownNotifications");
	}

}
