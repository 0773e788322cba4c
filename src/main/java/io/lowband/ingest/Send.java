package io.lowband.ingest;

import java.util.concurrent.CompletableFuture;

import io.lowband.chat.Draft;
import io.lowband.chat.SendOutcome;

/** A send on its way to its room's writer, and who waits for what became of it. */
record Send(Draft draft, CompletableFuture<SendOutcome> outcome) {

	Send(Draft draft) {
		this(draft, new CompletableFuture<>());
	}

}
