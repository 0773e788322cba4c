package io.lowband.store;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend commits lazily (about once a second), so a write the client already saw
 * acknowledged could vanish on {@code kill -9}. This backend commits and syncs the file before the reply to any
 * write command leaves, which is what MongoDB's journaled write concern promises.
 * <p>
 * Writers that finish while a sync is running share the next one (group commit): under load one fsync covers
 * many writes instead of each paying for its own.
 */
class DurableH2Backend extends H2Backend {

	/** How often {@link #compactSome} runs: often enough to keep pace with the store's fastest writes. */
	static final long COMPACTION_INTERVAL_MILLIS = 2_000;

	private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findandmodify",
			"createindexes", "dropindexes", "drop", "dropdatabase", "create", "renamecollection", "aggregate");

	private final AtomicLong finishedWrites = new AtomicLong();

	private final ReentrantLock commitLock = new ReentrantLock();

	private long durableWrites;

	private volatile long durableVersion = -1;

	DurableH2Backend(MVStore store) {
		super(store);
	}

	@Override
	public Document handleCommand(Channel channel, String database, String command, Document query) {
		try {
			return super.handleCommand(channel, database, command, query);
		}
		finally {
			// Also after a failed command: part of a multi-document write may already be applied.
			if (WRITE_COMMANDS.contains(command.toLowerCase(Locale.ROOT))) {
				makeDurable(finishedWrites.incrementAndGet());
			}
		}
	}

	private void makeDurable(long write) {
		commitLock.lock();
		try {
			if (durableWrites >= write) {
				return;
			}
			long upTo = finishedWrites.get();
			MVStore store = getMvStore();
			long version = store.commit();
			store.sync();
			durableWrites = upTo;
			durableVersion = version;
		}
		finally {
			commitLock.unlock();
		}
	}

	/** The newest store version a write command saw synced, or -1 before the first. */
	long durableVersion() {
		return durableVersion;
	}

	/**
	 * Rewrites the live pages of chunks that are less than half live, so their space is reused. Every commit
	 * rewrites each page it touched, so under load most of what is written is dead a moment later: at 7,000
	 * messages a second about 17 MB a second, of which about a fifth stays live (StoreScaleBenchmark). Up to
	 * 16 MB every 2 s keeps the file near twice its live data while that goes on (8 MB every 10 s let it grow to
	 * six times); rewriting chunks up to 70% live instead of 50% cost a third of the write rate and kept less. The
	 * file itself never shrinks here: only {@code MVStore.compactFile}, which stops all writes, does that.
	 * <p>
	 * The sync after it keeps the promise behind the short retention time ({@link BsonH2Backend#open}): every
	 * chunk H2 writes is on disk long before the space of the chunks it replaced can be written over.
	 */
	void compactSome() {
		MVStore store = getMvStore();
		store.compact(50, 16 * 1024 * 1024);
		store.sync();
	}

}
