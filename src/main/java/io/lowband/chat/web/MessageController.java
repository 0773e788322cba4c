package io.lowband.chat.web;

import java.security.Principal;

import io.lowband.chat.ChatRejected;
import io.lowband.chat.History;
import io.lowband.chat.MessageLog;
import io.lowband.chat.MessageView;
import io.lowband.chat.Rejection;
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

	private final MessageLog log;

	private final History history;

	MessageController(MessageLog log, History history) {
		this.log = log;
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

	/** Sending over HTTP, for clients that cannot hold a connection: the same pipeline as MQTT. */
	@PostMapping("/api/rooms/{roomId}/messages")
	ResponseEntity<MessageView> send(Principal me, @PathVariable String roomId, @RequestBody Outgoing message) {
		MessageLog.Sent sent = log.send(roomId, me.getName(), message.id(), message.body());
		return ResponseEntity.status(sent.duplicate() ? HttpStatus.OK : HttpStatus.CREATED).body(sent.message());
	}

	@PutMapping("/api/rooms/{roomId}/read")
	ReadState read(Principal me, @PathVariable String roomId, @Valid @RequestBody ReadUpTo request) {
		long marker = history.markRead(roomId, me.getName(), request.seq());
		return new ReadState(marker, Math.max(0, history.lastMessageSeq(roomId) - marker));
	}

	record Outgoing(String id, String body) {
	}

	record ReadUpTo(@NotNull @Min(0) Long seq) {
	}

	record ReadState(long readSeq, long unread) {
	}

}
