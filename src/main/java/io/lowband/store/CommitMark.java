package io.lowband.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * A small file beside the store that records a store version known to be on disk. H2 opens a file that lost its
 * end (cut short by a copy, a full disk or a bad restore) at the newest version it still finds, without a word:
 * the mark tells such a file from a whole one. It is written every few seconds, not at each commit (that would
 * double the syncs), so it never names a version a crash could take back: a commit cut off by {@code kill -9} was
 * never acknowledged and is rightly gone.
 */
final class CommitMark {

	private static final String SUFFIX = ".mark";

	private final Path mark;

	private long written = -1;

	CommitMark(Path storeFile) {
		this.mark = storeFile.resolveSibling(fileNameFor(storeFile));
	}

	static String fileNameFor(Path storeFile) {
		return storeFile.getFileName() + SUFFIX;
	}

	/** The version last marked, or empty when there is no mark yet (a new store, or one from before marks). */
	OptionalLong read() {
		try {
			byte[] bytes = Files.readAllBytes(mark);
			if (bytes.length != Long.BYTES) {
				throw new IllegalStateException(mark + " holds " + bytes.length + " bytes, not " + Long.BYTES);
			}
			return OptionalLong.of(ByteBuffer.wrap(bytes).getLong());
		}
		catch (NoSuchFileException ex) {
			return OptionalLong.empty();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + mark, ex);
		}
	}

	/** Records a version that is synced to disk; written whole or not at all. */
	synchronized void write(long version) throws IOException {
		if (version <= written) {
			return;
		}
		Path next = mark.resolveSibling(mark.getFileName() + ".next");
		try (FileChannel channel = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			channel.write(ByteBuffer.allocate(Long.BYTES).putLong(0, version));
			channel.force(true);
		}
		Files.move(next, mark, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		written = version;
	}

}
