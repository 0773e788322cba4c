package io.lowband.bridge;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import io.lowband.broker.PublishGate;
import io.lowband.chat.ChatTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Makes the embedded broker's PUBACK to a sender mean "stored": a send on {@code rooms/{room}/in/{me}} is
 * acknowledged only once {@link Ingest} has stored it, recognised it as a repeat, or refused it for good. Without
 * this, Moquette acknowledges as soon as it has queued the send for the bridge in memory, and a crash in between
 * loses a message its sender already forgot. Sends are matched by room, sender and client id, so a repeat waits
 * for the same confirmation as the first copy.
 */
class StoreConfirmations implements PublishGate {

	/** A confirmation nobody settled for this long belongs to a send the broker refused; it is forgotten. */
	private static final Duration FORGET_AFTER = Duration.ofMinutes(10);

	private static final int SWEEP_EVERY = 4096;

	private static final Logger log = LoggerFactory.getLogger(StoreConfirmations.class);

	private final ConcurrentMap<Send, Pending> pending = new ConcurrentHashMap<>();

	private final AtomicLong arrivals = new AtomicLong();

	private final ObjectMapper json;

	private final boolean enabled;

	/** @param enabled false when the bridge reads from an external broker, whose PUBACKs Lowband can't hold */
	StoreConfirmations(ObjectMapper json, boolean enabled) {
		this.json = json;
		this.enabled = enabled;
	}

	@Override
	public CompletionStage<?> acknowledgeWhen(String username, String topic, ByteBuffer payload) {
		ChatTopics.Inbound to = enabled ? ChatTopics.parseInbound(topic).orElse(null) : null;
		String clientId = (to == null || !to.username().equals(username)) ? null : clientIdOf(payload);
		if (clientId == null) {
			// Not a send, or one that can't be stored: the bridge refuses it without storing anything.
			return null;
		}
		if (arrivals.incrementAndGet() % SWEEP_EVERY == 0) {
			forgetStale();
		}
		return pending.computeIfAbsent(new Send(to.roomId(), username, clientId), (send) -> new Pending()).stored();
	}

	/** The send is stored, was stored before, or is refused for good: its sender may have the PUBACK. */
	void settle(String roomId, String username, String clientId) {
		if (clientId != null) {
			Pending settled = pending.remove(new Send(roomId, username, clientId));
			if (settled != null) {
				settled.stored().complete(null);
			}
		}
	}

	private String clientIdOf(ByteBuffer payload) {
		byte[] bytes = new byte[payload.remaining()];
		payload.get(bytes);
		try {
			JsonNode id = json.readTree(bytes).get("id");
			return (id != null && id.isString()) ? id.asString() : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private void forgetStale() {
		long cutoff = System.nanoTime() - FORGET_AFTER.toNanos();
		int before = pending.size();
		pending.values().removeIf((entry) -> entry.since() - cutoff < 0);
		int forgotten = before - pending.size();
		if (forgotten > 0) {
			log.warn("Forgot {} sends that were never stored within {}; their senders resend after reconnecting",
					forgotten, FORGET_AFTER);
		}
	}

	private record Send(String roomId, String username, String clientId) {
	}

	private record Pending(CompletableFuture<Void> stored, long since) {

		Pending() {
			this(new CompletableFuture<>(), System.nanoTime());
		}

	}

}
