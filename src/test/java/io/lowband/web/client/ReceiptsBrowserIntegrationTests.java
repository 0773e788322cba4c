package io.lowband.web.client;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lowband.web.client.Browsers.PASSWORD;
import static io.lowband.web.client.Browsers.name;

/**
 * Ticks on your own messages: a clock while waiting, one tick once stored, two once another member's devices hold
 * it, two in the "read" colour once they read it; in a group, "Seen by N" with the names.
 */
class ReceiptsBrowserIntegrationTests {

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	@Test
	void ownMessagesGoFromWaitingToSentToDeliveredToRead() {
		String alice = name("alice");
		String bob = name("bob");
		ChatPage a = browsers.signedUp(alice, "Alice Martin");
		browsers.signedUp(bob, "Bob Okafor").signOut();

		a.startDirectMessage(bob);
		a.page().context().setOffline(true);
		browsers.app().broker().disconnectUser(alice);
		assertThat(a.connection()).hasAttribute("data-state", "offline");
		a.send("Are you there?");
		assertThat(a.message("Are you there?")).hasAttribute("data-status", "pending");
		assertThat(state(a, "Are you there?")).hasAttribute("aria-label", "Waiting to send");

		a.page().context().setOffline(false);
		// Stored, and nobody else's device holds it: Bob is signed out everywhere.
		assertThat(state(a, "Are you there?")).hasAttribute("aria-label", "Sent");

		ChatPage b = browsers.person().signIn(bob, PASSWORD);
		assertThat(b.roomInList("Alice Martin").locator(".badge")).hasText("1");
		assertThat(state(a, "Are you there?")).hasAttribute("aria-label", "Delivered");
		a.screenshot("desktop-ticks-delivered");

		b.open("Alice Martin");
		assertThat(state(a, "Are you there?")).hasAttribute("aria-label", "Read");
		assertThat(a.message("Are you there?")).hasAttribute("data-status", "read");

		a.page().reload();
		assertThat(state(a, "Are you there?")).hasAttribute("aria-label", "Read"); // known after a reload too
	}

	@Test
	void inAGroupSeenByCountsTheReadersAndNamesThem() {
		String alice = name("alice");
		String bob = name("bob");
		String carol = name("carol");
		ChatPage a = browsers.signedUp(alice, "Alice Martin");
		ChatPage b = browsers.signedUp(bob, "Bob Okafor");
		ChatPage c = browsers.signedUp(carol, "Carol Diaz");
		a.createGroup("Book club").addToOpenRoom(bob).addToOpenRoom(carol);
		a.sendAndConfirm("Chapter 3 for Thursday?");
		Locator seen = a.message("Chapter 3 for Thursday?").locator(".seen-toggle");
		assertThat(seen).hasCount(0);

		b.open("Book club");
		assertThat(seen).hasText("Seen by 1");
		assertThat(seen).hasAttribute("title", "Bob Okafor");
		assertThat(state(a, "Chapter 3 for Thursday?")).not().hasAttribute("aria-label", "Read"); // not everyone read it

		c.open("Book club");
		assertThat(seen).hasText("Seen by 2");
		assertThat(state(a, "Chapter 3 for Thursday?")).hasAttribute("aria-label", "Read");
		seen.click();
		assertThat(a.message("Chapter 3 for Thursday?").locator(".seen-names")).hasText("Bob Okafor, Carol Diaz");
		a.screenshot("desktop-group-seen-by");

		a.sendAndConfirm("Great, see you then");
		assertThat(a.message("Great, see you then").locator(".seen-toggle")).hasText("Seen by 2");
		assertThat(a.page().locator(".seen-toggle")).hasCount(1); // only under the latest of your messages
	}

	private static Locator state(ChatPage page, String text) {
		return page.message(text).locator(".state");
	}

}
