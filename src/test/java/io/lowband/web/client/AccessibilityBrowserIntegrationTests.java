package io.lowband.web.client;

import java.time.Year;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.options.ColorScheme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lowband.web.client.Browsers.PASSWORD;
import static io.lowband.web.client.Browsers.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An axe-core scan (WCAG 2.1 A and AA, contrast included) of the main views, on a desktop and a phone, in light and
 * dark mode: no serious or critical violation. Each view is also saved as a screenshot under target/screenshots.
 */
class AccessibilityBrowserIntegrationTests {

	private static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	@ParameterizedTest
	@EnumSource(value = ColorScheme.class, names = { "LIGHT", "DARK" })
	void theMainViewsHaveNoSeriousViolations(ColorScheme scheme) {
		String theme = scheme.name().toLowerCase();
		String alice = name("alice");
		String bob = name("bob");
		ChatPage b = browsers.open(Browsers.desktop().setColorScheme(scheme));
		scan(b, theme + "-desktop-sign-in");
		b.register(bob, "Bob Okafor", PASSWORD);
		ChatPage a = browsers.open(Browsers.desktop().setColorScheme(scheme)).register(alice, "Alice Martin", PASSWORD);
		a.createGroup("Weekend plans").addToOpenRoom(bob);
		a.sendAndConfirm("Hi Bob, are we still on for Saturday?");
		a.sendAndConfirm("שלום! נתראה בשבת");
		b.open("Weekend plans").sendAndConfirm("Yes! See you at ten.");
		assertThat(a.message("Hi Bob, are we still on for Saturday?")).hasAttribute("data-status", "read");
		a.startDirectMessage(bob).sendAndConfirm("Also: bring the map");
		a.open("Weekend plans");
		b.page().locator("#composer-input").pressSequentially("typing");
		assertThat(a.roomStatus()).containsText("typing");
		a.settled();
		scan(a, theme + "-desktop-room");

		a.openDetails();
		scan(a, theme + "-desktop-details");
		a.page().keyboard().press("Escape");
		a.page().click("#new-chat");
		a.page().fill("#people-query", bob.substring(0, 3));
		assertThat(a.page().locator("#people-results button")).not().hasCount(0);
		scan(a, theme + "-desktop-new-chat");
		a.page().keyboard().press("Escape");

		ChatPage phone = browsers.open(Browsers.phone().setColorScheme(scheme)).signIn(bob, PASSWORD);
		assertThat(phone.roomInList("Alice Martin").locator(".badge")).hasText("1");
		phone.settled();
		scan(phone, theme + "-phone-rooms");
		phone.open("Weekend plans");
		scan(phone, theme + "-phone-room");

		// The broker cannot be reached: the page keeps trying (and says so), then the network goes too.
		phone.page().routeWebSocket((url) -> url.endsWith("/mqtt"), (ws) -> ws.close());
		browsers.app().broker().disconnectUser(bob);
		assertThat(phone.connection()).hasAttribute("data-state", "reconnecting");
		scan(phone, theme + "-phone-reconnecting");
		phone.page().context().setOffline(true);
		assertThat(phone.connection()).hasAttribute("data-state", "offline");
		scan(phone, theme + "-phone-offline");
	}

	@Test
	void timesGiveTheFullDateOnHover() {
		ChatPage e = browsers.signedUp(name("ivy"), "Ivy Park").createGroup("Dates");
		e.sendAndConfirm("When was this?");
		String year = String.valueOf(Year.now().getValue());
		assertThat(e.message("When was this?").locator("time")).hasAttribute("title", Pattern.compile(year));
		assertThat(e.roomInList("Dates").locator("time")).hasAttribute("title", Pattern.compile(year));
	}

	/** Saves a screenshot, then fails on any serious or critical WCAG violation, naming each. */
	private static void scan(ChatPage page, String view) {
		page.screenshot(view);
		List<Rule> violations = new AxeBuilder(page.page()).withTags(WCAG)
			.analyze()
			.getViolations()
			.stream()
			.filter((rule) -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
			.toList();
		assertThat(violations.stream().map(Rule::getId)).as(() -> view + ":\n" + describe(violations)).isEmpty();
	}

	private static String describe(List<Rule> violations) {
		return violations.stream()
			.map((rule) -> rule.getId() + " (" + rule.getImpact() + "): " + rule.getNodes()
				.stream()
				.map((node) -> node.getTarget() + " " + node.getFailureSummary())
				.collect(Collectors.joining("; ")))
			.collect(Collectors.joining("\n"));
	}

}
