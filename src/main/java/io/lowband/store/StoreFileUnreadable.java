package io.lowband.store;

import java.nio.file.Path;

/**
 * The embedded store's file is damaged, cut short or not a store at all. Lowband then refuses to start rather than
 * start empty or with older data, and leaves the file as it is (see {@link StoreFileUnreadableAnalyzer}).
 */
class StoreFileUnreadable extends RuntimeException {

	private final Path file;

	StoreFileUnreadable(Path file, String reason, Throwable cause) {
		super("The embedded store file " + file + " cannot be used: " + reason, cause);
		this.file = file;
	}

	String action() {
		return "Lowband left the file as it was. Restore " + file.getFileName() + " (and "
				+ CommitMark.fileNameFor(file) + " beside it) from a backup, or move both away to start with an "
				+ "empty store.";
	}

}
