package io.lowband.web.client;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.microsoft.playwright.WebSocketFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lowband.web.client.Browsers.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who is online (from the server's {@code presence/{user}}) and who is typing (never stored), in the room list, the
 * room header and the details; your own dot is your connection and says so.
 */
class PresenceAndTypingBrowserIntegrationTests {

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	@Test
	void othersShowOnlineThenLastSeenAndYourOwnDotIsYourConnection() {
		String alice = name("alice");
		String bob = name("bob");
		ChatPage a = browsers.signedUp(alice, "Alice Martin");
		ChatPage b = browsers.signedUp(bob, "Bob Okafor");
		a.startDirectMessage(bob);
		a.createGroup("Team").addToOpenRoom(bob);

		assertThat(a.roomStatus()).hasText("2 members, 1 online");
		assertThat(a.roomInList("Bob Okafor").locator(".presence-dot")).isVisible();
		a.open("Bob Okafor");
		assertThat(a.roomStatus()).hasText("online");
		a.openDetails();
		assertThat(a.page().locator("#members li", new com.microsoft.playwright.Page.LocatorOptions().setHasText("@" + bob)))
			.containsText("online");
		a.screenshot("desktop-details-presence");
		a.page().keyboard().press("Escape");
		assertThat(a.page().locator("#me-dot")).hasAttribute("aria-label", "Your connection: connected");

		b.signOut();
		assertThat(a.roomStatus()).hasText(Pattern.compile("^last seen today at \\d"));
		assertThat(a.roomInList("Bob Okafor").locator(".presence-dot")).hasCount(0);
		a.open("Team");
		assertThat(a.roomStatus()).hasText("2 members");
	}

	@Test
	void typingShowsInTheHeaderAndTheListAndGoesAwayWithoutBeingStored() {
		String alice = name("alice");
		String bob = name("bob");
		ChatPage a = browsers.signedUp(alice, "Alice Martin");
		ChatPage b = browsers.signedUp(bob, "Bob Okafor");
		a.createGroup("Lunch").addToOpenRoom(bob);
		a.startDirectMessage(bob);
		AtomicInteger typingSent = new AtomicInteger();
		b.page().onWebSocket((ws) -> ws.onFrameSent((frame) -> {
			if (mentions(frame, "/typing/" + bob)) {
				typingSent.incrementAndGet();
			}
		}));
		b.page().reload(); // so that the page's MQTT connection is one the test watches
		b.settled().open("Alice Martin");

		b.page().locator("#composer-input").pressSequentially("Just a sec");
		assertThat(a.roomStatus()).hasText("Bob Okafor is typing…");
		assertThat(a.roomInList("Bob Okafor").locator(".preview")).hasText("Bob Okafor is typing…");
		assertThat(a.roomInList("Lunch").locator(".preview")).not().containsText("typing");
		a.screenshot("desktop-typing");
		assertThat(typingSent.get()).isEqualTo(1); // at most one notice per 3 s while typing

		// Nothing more typed: the notice expires by itself.
		assertThat(a.roomStatus()).hasText("online");
		assertThat(a.roomInList("Bob Okafor").locator(".preview")).not().containsText("typing");

		b.page().locator("#composer-input").pressSequentially(", nearly there");
		assertThat(a.roomStatus()).hasText("Bob Okafor is typing…");
		b.page().press("#composer-input", "Enter");
		assertThat(a.message("Just a sec, nearly there")).isVisible();
		assertThat(a.roomStatus()).hasText("online"); // the message ends the typing
		assertThat(b.seqs()).containsExactly(1L);
	}

	private static boolean mentions(WebSocketFrame frame, String text) {
		byte[] bytes = frame.binary();
		String payload = (bytes != null) ? new String(bytes, StandardCharsets.ISO_8859_1) : frame.text();
		return payload != null && payload.contains(text);
	}

}
