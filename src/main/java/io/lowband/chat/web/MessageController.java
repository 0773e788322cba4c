package io.lowband.chat.web;

import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lowband.chat.AttachmentRef;
import io.lowband.chat.ChatRejected;
import io.lowband.chat.Draft;
import io.lowband.chat.History;
import io.lowband.chat.MessageView;
import io.lowband.chat.Rejection;
import io.lowband.chat.SendNotStored;
import io.lowband.chat.SendOutcome;
import io.lowband.chat.SendQueue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MessageController {

	/** Longer than any batch takes; a sender who gets no answer by then sends again with the same id. */
	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

	private final SendQueue sends;

	private final History history;

	MessageController(SendQueue sends, History history) {
		this.sends = sends;
		this.history = history;
	}

	/** A page of history: {@code after} pages forwards, {@code before} (or neither: the newest) backwards. */
	@GetMapping("/api/rooms/{roomId}/messages")
	History.Page page(Principal me, @PathVariable String roomId, @RequestParam(required = false) @Min(0) Long before,
			@RequestParam(required = false) @Min(0) Long after,
			@RequestParam(defaultValue = "50") @Min(1) @Max(History.MAX_PAGE) int limit) {
		if (before != null && after != null) {
			throw new ChatRejected(Rejection.BAD_REQUEST, "Ask for messages before a seq or after one, not both.");
		}
		return (after != null) ? history.after(roomId, me.getName(), after, limit)
				: history.before(roomId, me.getName(), before, limit);
	}

	/**
	 * Sending over HTTP, for clients that cannot hold a connection: the same writers as MQTT sends, so the answer
	 * comes once the message is stored.
	 */
	@PostMapping("/api/rooms/{roomId}/messages")
	ResponseEntity<MessageView> send(Principal me, @PathVariable String roomId, @RequestBody Outgoing message) {
		SendOutcome outcome = await(sends.submit(new Draft(roomId, me.getName(), message.id(), message.body(),
				message.replyTo(), (message.attachment() == null) ? null : message.attachment().ref())));
		if (outcome instanceof SendOutcome.Refused refused) {
			throw refused.reason();
		}
		SendOutcome.Stored stored = (SendOutcome.Stored) outcome;
		return ResponseEntity.status(stored.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(stored.message());
	}

	private static SendOutcome await(CompletableFuture<SendOutcome> outcome) {
		try {
			return outcome.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new SendNotStored("The message could not be stored now; send it again with the same id.", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SendNotStored("The message could not be stored now; send it again with the same id.", ex);
		}
	}

	@PutMapping("/api/rooms/{roomId}/read")
	ReadState read(Principal me, @PathVariable String roomId, @Valid @RequestBody ReadUpTo request) {
		long marker = history.markRead(roomId, me.getName(), request.seq());
		return new ReadState(marker, Math.max(0, history.lastMessageSeq(roomId) - marker));
	}

	record Outgoing(String id, String body, Long replyTo, Attached attachment) {
	}

	/** Of an attachment only the id counts: name, type and size are the upload's. */
	record Attached(String id) {

		AttachmentRef ref() {
			return new AttachmentRef(id, null, null, 0);
		}

	}

	record ReadUpTo(@NotNull @Min(0) Long seq) {
	}

	record ReadState(long readSeq, long unread) {
	}

}
