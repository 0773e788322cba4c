package io.lowband.web.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The whole app and a real Chromium for a browser test class: each person gets a browser context of their own
 * (separate storage, separate connections), closed after each test. Register as a static
 * {@code @RegisterExtension} field.
 */
final class Browsers implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

	static final String PASSWORD = "correct horse 42";

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final AtomicInteger people = new AtomicInteger();

	private final SharedApp shared;

	private final String scheme;

	Browsers() {
		this("http");
	}

	/**
	 * @param scheme how pages are loaded: {@code https} for an app started with a certificate of the test's own,
	 * which the browser contexts then accept
	 * @param appArgs settings of the app besides the test defaults
	 */
	Browsers(String scheme, String... appArgs) {
		this.scheme = scheme;
		List<String> args = new ArrayList<>(List.of("--lowband.user.bcrypt-strength=4"));
		args.addAll(List.of(appArgs));
		this.shared = SharedApp.started(args.toArray(String[]::new));
	}

	private final List<BrowserContext> contexts = new ArrayList<>();

	private Playwright playwright;

	private Browser browser;

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		assumeTrue(Files.isExecutable(CHROMIUM), "Browser tests need Chromium at " + CHROMIUM + " (apt-get install chromium)");
		shared.beforeAll(context);
		playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
		browser = playwright.chromium()
			.launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
				.setHeadless(true)
				.setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
						"--disable-background-networking", "--disable-component-update", "--disable-sync")));
		PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		contexts.forEach(BrowserContext::close);
		contexts.clear();
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		if (playwright != null) {
			playwright.close();
		}
		if (shared.app() != null) {
			shared.afterAll(context);
		}
	}

	RunningApp app() {
		return shared.app();
	}

	/** A username nobody has taken yet. */
	static String name(String base) {
		return base + "-" + people.incrementAndGet();
	}

	/** A desktop browser of its own, on the app's front page. */
	ChatPage person() {
		return open(desktop());
	}

	/** Someone who has just created an account on a desktop browser of their own, connected. */
	ChatPage signedUp(String username, String displayName) {
		return person().register(username, displayName, PASSWORD);
	}

	static Browser.NewContextOptions desktop() {
		return new Browser.NewContextOptions().setViewportSize(1280, 800);
	}

	/** A phone-sized touch screen, in dark mode so that the screenshots show both themes. */
	static Browser.NewContextOptions phone() {
		return new Browser.NewContextOptions().setViewportSize(390, 844)
			.setColorScheme(ColorScheme.DARK)
			.setDeviceScaleFactor(2)
			.setIsMobile(true)
			.setHasTouch(true);
	}

	ChatPage open(Browser.NewContextOptions options) {
		BrowserContext context = browser.newContext(options.setIgnoreHTTPSErrors(scheme.equals("https")));
		contexts.add(context);
		ChatPage page = new ChatPage(context.newPage());
		// Shown in the test output, to tell what the page saw when a test fails.
		page.page().onConsoleMessage((m) -> {
			if (m.type().equals("error")) {
				System.out.println("Browser console: " + m.text());
			}
		});
		page.page().onPageError((error) -> System.out.println("Uncaught in the page: " + error));
		page.page().navigate(scheme + "://localhost:" + app().httpPort() + "/");
		assertThat(page.page().locator("#auth-screen")).isVisible();
		return page;
	}

}
