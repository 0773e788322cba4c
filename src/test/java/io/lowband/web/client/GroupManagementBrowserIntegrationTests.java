package io.lowband.web.client;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lowband.web.client.Browsers.name;

/**
 * The group's manager removes members from the details dialog; everyone sees who was added, left or was removed
 * as a note in the timeline, and the member count in the header follows at once.
 */
class GroupManagementBrowserIntegrationTests {

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	@Test
	void theManagerRemovesSomeoneAndEveryoneSeesWhoCameAndWent() {
		String alice = name("alice");
		String bob = name("bob");
		String carol = name("carol");
		ChatPage a = browsers.signedUp(alice, "Alice Martin");
		ChatPage b = browsers.signedUp(bob, "Bob Okafor");
		ChatPage c = browsers.signedUp(carol, "Carol Diaz");
		a.createGroup("Choir").addToOpenRoom(bob);
		a.sendAndConfirm("Welcome, Bob");
		b.open("Choir");
		assertThat(b.roomStatus()).containsText("2 members");

		a.addToOpenRoom(carol);
		assertThat(note(b, "Carol Diaz was added by Alice Martin")).isVisible();
		assertThat(note(a, "Carol Diaz was added by you")).isVisible();
		assertThat(b.roomStatus()).containsText("3 members");
		c.open("Choir");

		b.openDetails();
		assertThat(b.page().locator("#members button:has-text('Remove')")).hasCount(0); // only the manager removes
		b.page().keyboard().press("Escape");

		a.openDetails();
		a.screenshot("desktop-details-manager");
		a.page().onceDialog((confirm) -> confirm.accept());
		member(a, carol).locator("button:has-text('Remove')").click();
		assertThat(a.page().locator("#members li")).hasCount(2);
		a.page().keyboard().press("Escape");
		assertThat(note(b, "Carol Diaz was removed by Alice Martin")).isVisible();
		assertThat(b.roomStatus()).containsText("2 members");
		assertThat(c.roomInList("Choir")).hasCount(0);
		b.screenshot("desktop-member-notes");

		a.leaveOpenRoom();
		assertThat(note(b, "Alice Martin left")).isVisible();
		assertThat(b.roomStatus()).containsText("1 member");
		b.openDetails();
		assertThat(member(b, bob)).containsText("manager"); // the room is handed over
		b.page().keyboard().press("Escape");

		b.page().reload(); // the notes come with the room, not only live
		assertThat(note(b, "Carol Diaz was added by Alice Martin")).isVisible();
		assertThat(note(b, "Carol Diaz was removed by Alice Martin")).isVisible();
		assertThat(note(b, "Alice Martin left")).isVisible();
		assertThat(note(b, "You were added by Alice Martin")).isVisible();
		assertThat(b.page().locator("#message-list li.note")).hasCount(4);
	}

	private static Locator note(ChatPage page, String text) {
		return page.page().locator("#message-list li.note", new Page.LocatorOptions().setHasText(text));
	}

	private static Locator member(ChatPage page, String username) {
		return page.page().locator("#members li", new Page.LocatorOptions().setHasText("@" + username));
	}

}
