package io.lowband.web.client;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** What a person does in the browser UI, one method per action, through the same controls they would use. */
record ChatPage(Page page) {

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	/** Stored by the server: one tick, two (delivered) or two in colour (read). */
	static final Pattern STORED = Pattern.compile("sent|delivered|read");

	ChatPage register(String username, String displayName, String password) {
		page.click("#auth-switch");
		page.fill("input[name=username]", username);
		page.fill("input[name=displayName]", displayName);
		page.fill("input[name=password]", password);
		page.click("#auth-submit");
		assertThat(page.locator("#chat-screen")).isVisible();
		assertThat(connection()).hasAttribute("data-state", "connected");
		return this;
	}

	ChatPage signIn(String username, String password) {
		page.fill("input[name=username]", username);
		page.fill("input[name=password]", password);
		page.click("#auth-submit");
		return this;
	}

	/** Creates a group with nobody else in it yet; the new group opens. */
	ChatPage createGroup(String name) {
		page.click("#new-chat");
		page.click("#new-chat-dialog .segmented >> text=New group");
		page.fill("#group-name", name);
		page.click("#create-group");
		assertThat(page.locator("#room-name")).hasText(name);
		return this;
	}

	ChatPage addToOpenRoom(String username) {
		page.click("#room-details");
		page.fill("#add-query", username);
		page.click("#add-results button:has-text('@" + username + "')");
		assertThat(page.locator("#members")).containsText("@" + username);
		page.keyboard().press("Escape");
		assertThat(page.locator("#details-dialog")).isHidden();
		return this;
	}

	ChatPage leaveOpenRoom() {
		page.click("#room-details");
		page.onceDialog((confirm) -> confirm.accept());
		page.click("#leave-room");
		assertThat(page.locator("#details-dialog")).isHidden();
		return this;
	}

	ChatPage startDirectMessage(String username) {
		page.click("#new-chat");
		page.fill("#people-query", username);
		page.click("#people-results button:has-text('@" + username + "')");
		assertThat(page.locator("#room-name")).hasAttribute("title", "@" + username);
		return this;
	}

	Locator roomInList(String title) {
		return page.locator(".room-item", new Page.LocatorOptions().setHasText(title));
	}

	ChatPage open(String title) {
		roomInList(title).click();
		assertThat(page.locator("#room-name")).hasText(title);
		return this;
	}

	ChatPage send(String text) {
		page.fill("#composer-input", text);
		page.press("#composer-input", "Enter");
		return this;
	}

	/** Sends and waits until the server's copy has come back, so that the order of sends is known. */
	ChatPage sendAndConfirm(String text) {
		send(text);
		assertThat(message(text)).hasAttribute("data-status", STORED);
		return this;
	}

	Locator message(String text) {
		return page.locator("#message-list li.msg", new Page.LocatorOptions().setHas(
				page.locator(".body", new Page.LocatorOptions().setHasText(text))));
	}

	Locator messages() {
		return page.locator("#message-list li.msg");
	}

	/** Waits until exactly these messages are on screen, in this order, all confirmed by the server. */
	ChatPage showsExactly(List<String> bodies) {
		assertThat(page.locator("#message-list li.msg .body")).hasText(bodies.toArray(String[]::new));
		assertThat(page.locator("#message-list li.msg:is([data-status=sent], [data-status=delivered], [data-status=read])"))
			.hasCount(bodies.size());
		return this;
	}

	List<Long> seqs() {
		List<?> seqs = (List<?>) messages().evaluateAll("els => els.map(e => Number(e.dataset.seq))");
		return seqs.stream().map((seq) -> ((Number) seq).longValue()).toList();
	}

	/** The line under the room's name: presence, member count, who is typing. */
	Locator roomStatus() {
		return page.locator("#room-sub");
	}

	ChatPage openDetails() {
		page.click("#room-details");
		assertThat(page.locator("#details-dialog")).isVisible();
		return this;
	}

	ChatPage signOut() {
		page.click("#sign-out");
		assertThat(page.locator("#auth-screen")).isVisible();
		return this;
	}

	Locator connection() {
		return page.locator("#connection");
	}

	/** Connected, and the connection bar has folded away. */
	ChatPage settled() {
		assertThat(connection()).hasAttribute("data-state", "connected");
		assertThat(connection()).hasClass(Pattern.compile("\\bsettled\\b"));
		return this;
	}

	ChatPage screenshot(String name) {
		page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
		return this;
	}

}
