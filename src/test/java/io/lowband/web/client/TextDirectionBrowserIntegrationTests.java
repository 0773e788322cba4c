package io.lowband.web.client;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.lowband.web.client.Browsers.name;
import static org.assertj.core.api.Assertions.assertThat;

/** Messages, names and inputs take their direction from their text: Hebrew and Arabic run right to left. */
class TextDirectionBrowserIntegrationTests {

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	@Test
	void rightToLeftTextLaysOutRightToLeftAndTheRestDoesNot() {
		ChatPage e = browsers.signedUp(name("noa"), "נועה כהן").createGroup("שיחה");
		e.sendAndConfirm("שלום, מה שלומך?");
		e.sendAndConfirm("مرحبا بالعالم");
		e.sendAndConfirm("Hello, world");

		assertThat(direction(e.message("שלום, מה שלומך?").locator(".body"))).isEqualTo("rtl");
		assertThat(direction(e.message("مرحبا بالعالم").locator(".body"))).isEqualTo("rtl");
		assertThat(direction(e.message("Hello, world").locator(".body"))).isEqualTo("ltr");
		assertThat(direction(e.page().locator("#room-name"))).isEqualTo("rtl");
		assertThat(direction(e.roomInList("שיחה").locator(".room-name"))).isEqualTo("rtl");

		Locator input = e.page().locator("#composer-input");
		input.fill("Plain English");
		assertThat(direction(input)).isEqualTo("ltr");
		input.fill("עוד הודעה");
		assertThat(direction(input)).isEqualTo("rtl");
		e.screenshot("desktop-right-to-left");
	}

	/** The direction the browser lays the element out in, dir="auto" resolved. */
	private static String direction(Locator element) {
		return (String) element.evaluate("el => el.matches(':dir(rtl)') ? 'rtl' : 'ltr'");
	}

}
