package io.lowband.web.client;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.lowband.web.client.Browsers.name;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replying quotes the message answered, and the quote jumps back to it; a file chosen with the paperclip is
 * uploaded (tus), sent, and the other person downloads it or sees the image's thumbnail.
 */
class RepliesAndFilesBrowserIntegrationTests {

	@RegisterExtension
	static final Browsers browsers = new Browsers();

	@Test
	void aReplyQuotesTheMessageItAnswersAndTheQuoteJumpsToIt() {
		String alice = name("alice");
		String bob = name("bob");
		ChatPage a = browsers.signedUp(alice, "Alice Martin");
		ChatPage b = browsers.signedUp(bob, "Bob Okafor");
		b.startDirectMessage(alice).sendAndConfirm("Dinner at eight?").sendAndConfirm("Or nine?");

		a.open("Bob Okafor");
		Locator question = a.message("Dinner at eight?");
		question.hover();
		question.locator(".reply-button").click();
		assertThat(a.page().locator("#composer-reply")).isVisible();
		assertThat(a.page().locator("#composer-reply")).containsText("Replying to Bob Okafor");
		assertThat(a.page().locator("#composer-reply")).containsText("Dinner at eight?");
		a.sendAndConfirm("Eight is perfect");
		assertThat(a.page().locator("#composer-reply")).isHidden();
		a.screenshot("desktop-reply-sent");

		Locator quote = b.message("Eight is perfect").locator(".quote");
		assertThat(quote).containsText("Dinner at eight?");
		quote.click();
		assertThat(b.message("Dinner at eight?")).hasClass(Pattern.compile("\\bflash\\b"));

		b.page().reload();
		assertThat(b.message("Eight is perfect").locator(".quote")).containsText("Dinner at eight?");
		assertThat(b.message("Or nine?").locator(".quote")).hasCount(0);
	}

	@Test
	void aFileSentWithThePaperclipIsDownloadedByTheOtherPersonAndAnImageShowsItsThumbnail() throws IOException {
		String alice = name("alice");
		String bob = name("bob");
		ChatPage a = browsers.signedUp(alice, "Alice Martin");
		ChatPage b = browsers.signedUp(bob, "Bob Okafor");
		a.startDirectMessage(bob);
		byte[] notes = "Tent, stove, map, rope.\n".repeat(2000).getBytes();

		a.page().setInputFiles("#attach-input", new FilePayload("packing-list.txt", "text/plain", notes));
		Locator sent = a.messages().filter(new Locator.FilterOptions().setHasText("packing-list.txt"));
		assertThat(sent).hasAttribute("data-status", ChatPage.STORED);
		assertThat(sent.locator(".attachment-size")).hasText("47 KB");

		b.open("Alice Martin");
		Locator received = b.messages().filter(new Locator.FilterOptions().setHasText("packing-list.txt"));
		assertThat(received.locator(".attachment-name")).hasText("packing-list.txt");
		Download download = b.page().waitForDownload(() -> received.locator(".attachment-download").click());
		assertThat(download.suggestedFilename()).isEqualTo("packing-list.txt");
		assertThat(Files.readAllBytes(download.path())).isEqualTo(notes);

		a.page().setInputFiles("#attach-input", new FilePayload("sunset.png", "image/png", png()));
		Locator image = b.messages().filter(new Locator.FilterOptions().setHasText("sunset.png"));
		assertThat(image.locator("img.attachment-thumb")).isVisible();
		Object width = image.locator("img.attachment-thumb").evaluate("img => img.naturalWidth");
		assertThat(((Number) width).intValue()).isEqualTo(320);
		b.screenshot("desktop-attachments-received");
	}

	private static byte[] png() throws IOException {
		BufferedImage image = new BufferedImage(960, 640, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setColor(new Color(0xF4, 0xA2, 0x3B));
		g.fillRect(0, 0, 960, 640);
		g.setColor(new Color(0x2A, 0x3D, 0x66));
		g.fillRect(0, 400, 960, 240);
		g.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}
}
