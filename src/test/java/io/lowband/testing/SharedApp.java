package io.lowband.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One running app for a whole test class, on a data directory of its own that is deleted afterwards. Register it
 * as a static field with {@code @RegisterExtension}; it is started before the class's {@code @BeforeAll} methods.
 */
public final class SharedApp implements BeforeAllCallback, AfterAllCallback {

	private final String[] args;

	private Path dataDir;

	private RunningApp app;

	private SharedApp(String[] args) {
		this.args = args;
	}

	public static SharedApp started(String... args) {
		return new SharedApp(args);
	}

	public RunningApp app() {
		return app;
	}

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		dataDir = Files.createTempDirectory("lowband-test-");
		app = RunningApp.start(dataDir, args);
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		try {
			app.close();
		}
		finally {
			try (Stream<Path> files = Files.walk(dataDir)) {
				files.sorted(Comparator.reverseOrder()).forEach(SharedApp::delete);
			}
		}
	}

	private static void delete(Path path) {
		try {
			Files.deleteIfExists(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
