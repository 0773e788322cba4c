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

	private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findandmodify",
			"createindexes", "dropindexes", "drop", "dropdatabase", "create", "renamecollection", "aggregate");

	private final AtomicLong finishedWrites = new AtomicLong();

	private final ReentrantLock commitLock = new ReentrantLock();

	private long durableWrites;

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
			store.commit();
			store.sync();
			durableWrites = upTo;
		}
		finally {
			commitLock.unlock();
		}
	}

	/** Rewrites sparse chunks so the space of old versions is reused; many small commits leave many of them. */
	void compactSome() {
		getMvStore().compact(50, 8 * 1024 * 1024);
	}

}
