package io.lowband.store;

import java.util.Set;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend commits lazily (about once a second), so a write the client already saw
 * acknowledged could vanish on {@code kill -9}. This backend commits and syncs the file before the reply to any
 * write command leaves, which is what MongoDB's journaled write concern promises.
 */
class DurableH2Backend extends H2Backend {

	private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findandmodify",
			"createindexes", "dropindexes", "drop", "dropdatabase", "create", "renamecollection");

	DurableH2Backend(MVStore store) {
		super(store);
	}

	@Override
	public Document handleCommand(Channel channel, String database, String command, Document query) {
		Document reply = super.handleCommand(channel, database, command, query);
		if (WRITE_COMMANDS.contains(command.toLowerCase(java.util.Locale.ROOT))) {
			commitDurably();
		}
		return reply;
	}

	private void commitDurably() {
		MVStore store = getMvStore();
		store.commit();
		store.sync();
	}

}
