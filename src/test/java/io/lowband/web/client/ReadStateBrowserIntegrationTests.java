package io.lowband.web.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lowband.web.client.Browsers.PASSWORD;
import static io.lowband.web.client.Browsers.name;

/** Reading on one of your devices clears the unread count on the others at once (the room's read receipts). */
class ReadStateBrowserIntegrationTests {

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	@Test
	void readingOnTheDesktopClearsTheBadgeOnThePhone() {
		String alice = name("alice");
		String bob = name("bob");
		ChatPage a = browsers.signedUp(alice, "Alice Martin");
		ChatPage desktop = browsers.signedUp(bob, "Bob Okafor");
		ChatPage phone = browsers.open(Browsers.phone()).signIn(bob, PASSWORD);
		a.createGroup("Garden").addToOpenRoom(bob);
		a.sendAndConfirm("The tomatoes are ripe");
		a.sendAndConfirm("Come and pick some");

		assertThat(phone.roomInList("Garden").locator(".badge")).hasText("2");
		assertThat(phone.page()).hasTitle("(2) Lowband");
		assertThat(desktop.roomInList("Garden").locator(".badge")).hasText("2");
		phone.screenshot("phone-rooms-unread");

		desktop.open("Garden");
		assertThat(phone.roomInList("Garden").locator(".badge")).hasCount(0);
		assertThat(phone.page()).hasTitle("Lowband");
		assertThat(phone.roomInList("Garden")).not().hasClass(java.util.regex.Pattern.compile("\\bunread\\b"));
	}

}
