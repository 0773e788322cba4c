package io.lowband.web.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.microsoft.playwright.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lowband.web.client.Browsers.PASSWORD;
import static io.lowband.web.client.Browsers.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading on one of your devices clears the unread count on the others at once (the room's read receipts); what
 * arrives after you left a room stays unread.
 */
class ReadStateBrowserIntegrationTests {

	private static final String READ_MARKER = "**/api/rooms/*/read";

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

	@Test
	void leavingARoomWhileItsReadMarkerIsOnItsWayLeavesWhatComesNextUnread() {
		String alice = name("alice");
		String bob = name("bob");
		ChatPage a = browsers.signedUp(alice, "Alice Martin");
		ChatPage b = browsers.signedUp(bob, "Bob Okafor");
		a.createGroup("Kitchen").addToOpenRoom(bob);
		a.sendAndConfirm("First");
		List<Route> held = new CopyOnWriteArrayList<>();
		List<String> requests = new CopyOnWriteArrayList<>();
		b.page().onRequest((r) -> requests.add(r.method() + " " + r.url().replaceAll("^.*/api/", "/api/")));
		b.page().route(READ_MARKER, held::add); // a slow network: the marker takes its time

		b.open("Kitchen");
		b.page().waitForCondition(() -> !held.isEmpty());
		b.page().navigate(b.page().url().replaceAll("#.*", "#/"));
		a.sendAndConfirm("Second");
		a.sendAndConfirm("Third");
		assertThat(b.roomInList("Kitchen").locator(".preview")).containsText("Third");
		b.page().unroute(READ_MARKER);
		b.page().waitForResponse(READ_MARKER, () -> held.get(0).resume());
		// Whatever the answer set off has started before anything the person does next.
		b.page().click("#new-chat");
		b.page().waitForRequest("**/api/users?**", () -> b.page().fill("#people-query", "ali"));

		List<String> afterTheAnswer = requests.subList(requests.indexOf("PUT /api/rooms/" + roomId(a) + "/read"),
				requests.size());
		assertThat(afterTheAnswer.stream().filter((r) -> r.endsWith("/read"))).hasSize(1);
		b.page().keyboard().press("Escape");
		assertThat(b.roomInList("Kitchen").locator(".badge")).hasText("2");
	}

	private static String roomId(ChatPage page) {
		return page.page().url().replaceAll("^.*#/rooms/", "");
	}

}
