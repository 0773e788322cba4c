package io.lowband.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lowband.broker.EdgeIntake;
import io.lowband.broker.PublishOutcome;
import io.lowband.chat.ChatRejected;
import io.lowband.chat.ChatTopics;
import io.lowband.chat.Draft;
import io.lowband.chat.InboxEvent;
import io.lowband.chat.SendOutcome;
import io.lowband.chat.SendQueue;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.ObjectMapper;

import org.springframework.context.ApplicationEventPublisher;

/**
 * What the embedded broker's edge hands to the chat instead of routing it: sends ({@code rooms/{id}/in/{me}}) go to
 * their room's writer, and the sender's PUBACK waits until the send is stored or refused; catch-up and read-marker
 * requests go to {@link Requests} and are acknowledged at once. The broker has checked that the topic's username is
 * the sender's own.
 */
class ChatIntake implements EdgeIntake {

	private static final CompletableFuture<PublishOutcome> ACCEPTED = CompletableFuture
		.completedFuture(PublishOutcome.ACCEPTED);

	private final SendQueue sends;

	private final Requests requests;

	private final ObjectMapper json;

	private final ApplicationEventPublisher events;

	private final MeterRegistry meters;

	ChatIntake(SendQueue sends, Requests requests, ObjectMapper json, ApplicationEventPublisher events,
			MeterRegistry meters) {
		this.sends = sends;
		this.requests = requests;
		this.json = json;
		this.events = events;
		this.meters = meters;
	}

	@Override
	public boolean takes(String topic) {
		if (!topic.startsWith("rooms/") && !topic.startsWith("users/")) {
			return false;
		}
		return ChatTopics.parseInbound(topic).isPresent() || Requests.isRequest(topic.split("/", -1));
	}

	@Override
	public CompletionStage<PublishOutcome> take(String username, String topic, byte[] payload) {
		ChatTopics.Inbound to = ChatTopics.parseInbound(topic).orElse(null);
		if (to == null) {
			requests.accept(topic, payload);
			return ACCEPTED;
		}
		Draft draft;
		try {
			draft = SendPayloads.draft(json, to.roomId(), to.username(), payload);
		}
		catch (ChatRejected malformed) {
			meters.counter("lowband.ingest.rejected", "reason", malformed.rejection().code()).increment();
			events.publishEvent(
					InboxEvent.rejected(to.username(), to.roomId(), SendPayloads.idOrNull(json, payload), malformed));
			return CompletableFuture.completedFuture(PublishOutcome.PAYLOAD_FORMAT_INVALID);
		}
		return sends.submit(draft).thenApply(ChatIntake::outcome);
	}

	static PublishOutcome outcome(SendOutcome outcome) {
		if (outcome instanceof SendOutcome.Refused refused) {
			return switch (refused.reason().rejection()) {
				case UNKNOWN_ROOM, NOT_A_MEMBER, NOT_ALLOWED -> PublishOutcome.NOT_AUTHORIZED;
				default -> PublishOutcome.PAYLOAD_FORMAT_INVALID;
			};
		}
		return PublishOutcome.ACCEPTED;
	}

}
