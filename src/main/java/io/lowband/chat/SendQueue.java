package io.lowband.chat;

import java.util.concurrent.CompletableFuture;

/**
 * Where sends that do not come through the broker's edge (REST) join the ones that do, so that every message of a
 * room is stored by the one writer that owns the room, in order. The ingest implements it.
 */
public interface SendQueue {

	/** Completes once the message is stored (or found stored before) or refused; fails when it could not be. */
	CompletableFuture<SendOutcome> submit(Draft draft);

}
