package io.lowband.web.client;

import java.util.List;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lowband.web.client.Browsers.PASSWORD;
import static io.lowband.web.client.Browsers.name;

/**
 * What you type is kept: drafts survive a reload (and go at sign-out), a counter warns near the byte limit and
 * nothing over it is sent, and a send the server refused can be edited and sent again.
 */
class DraftsAndLimitsBrowserIntegrationTests {

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	@Test
	void draftsSurviveAReloadPerRoomAndAreGoneAfterSignOut() {
		String erin = name("erin");
		ChatPage e = browsers.signedUp(erin, "Erin Walsh");
		e.createGroup("Shopping");
		e.page().fill("#composer-input", "eggs, flour and");
		e.createGroup("Work");
		e.page().fill("#composer-input", "Re: the report");

		e.page().reload();
		assertThat(e.page().locator("#room-name")).hasText("Work");
		assertThat(input(e)).hasValue("Re: the report");
		e.open("Shopping");
		assertThat(input(e)).hasValue("eggs, flour and");

		e.signOut();
		assertThat(input(e)).hasValue("");
		String frank = name("frank");
		e.register(frank, "Frank Li", PASSWORD).createGroup("Frank's");
		assertThat(input(e)).hasValue("");
		e.signOut().signIn(erin, PASSWORD).open("Shopping");
		assertThat(input(e)).hasValue(""); // signing out dropped the drafts
	}

	@Test
	void aCounterWarnsNearTheLimitAndNothingOverItIsSent() {
		ChatPage e = browsers.signedUp(name("gina"), "Gina Rossi").createGroup("Essays");
		Locator count = e.page().locator("#composer-count");
		e.page().fill("#composer-input", "x".repeat(3000));
		assertThat(count).isHidden();

		e.page().fill("#composer-input", "x".repeat(3990));
		assertThat(count).hasText("10 bytes left");
		// "é" is two bytes in UTF-8: 2,001 of them are 4,002 bytes.
		e.page().fill("#composer-input", "é".repeat(2001));
		assertThat(count).hasText("2 bytes over the limit of 4000");
		assertThat(e.page().locator("#send")).isDisabled();
		e.page().press("#composer-input", "Enter");
		e.screenshot("desktop-over-the-limit");
		e.page().fill("#composer-input", "é".repeat(2000));
		assertThat(e.page().locator("#send")).isEnabled();
		e.page().press("#composer-input", "Enter");
		assertThat(e.messages()).hasCount(1);
		assertThat(e.messages().first()).hasAttribute("data-status", ChatPage.STORED);
		assertThat(count).isHidden();
	}

	@Test
	void aSendTheServerRefusedCanBeEditedAndSentAgain() {
		String hugo = name("hugo");
		ChatPage e = browsers.signedUp(hugo, "Hugo Berg").createGroup("Drafts");
		e.sendAndConfirm("Short and fine");
		// A send over the limit, as a server with a lower lowband.chat.max-body-bytes than this page knows would
		// refuse it: put in the outbox as the page keeps it, then sent on the next start.
		e.page().evaluate("() => {"
				+ " const key = `lowband.outbox.${JSON.parse(localStorage.getItem('lowband.session')).user.username}`;"
				+ " const room = location.hash.split('/')[2];"
				+ " localStorage.setItem(key, JSON.stringify([{ id: 'too-long-0001', room, body: 'y'.repeat(4001),"
				+ "   createdAt: new Date().toISOString() }]));"
				+ " }");
		e.page().reload();
		Locator refused = e.messages().last();
		assertThat(refused).hasAttribute("data-status", "failed");
		assertThat(refused.locator(".msg-error")).containsText("The message is 4001 bytes; the limit is 4000.");
		e.screenshot("desktop-rejected");

		refused.locator("button:has-text('Edit')").click();
		assertThat(e.messages()).hasCount(1);
		assertThat(input(e)).hasValue("y".repeat(4001));
		assertThat(e.page().locator("#composer-count")).hasText("1 byte over the limit of 4000");
		e.page().locator("#composer-input").press("End");
		e.page().locator("#composer-input").press("Backspace");
		e.page().press("#composer-input", "Enter");
		e.showsExactly(List.of("Short and fine", "y".repeat(4000)));
	}

	private static Locator input(ChatPage page) {
		return page.page().locator("#composer-input");
	}

}
