package io.lowband.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.lowband.chat.ChatRejected;
import io.lowband.chat.Draft;
import io.lowband.chat.InboxEvent;
import io.lowband.chat.MessageLog;
import io.lowband.chat.MessageStored;
import io.lowband.chat.MessageView;
import io.lowband.chat.Rejection;
import io.lowband.chat.SendOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * What the writer does around a stored batch: every sender is answered before anything is fanned out, only new
 * messages are fanned out (in batch order), refused senders hear why on their inbox, and a failed store answers
 * nobody with success.
 */
class BatchWriterTests {

	private final MessageLog log = mock(MessageLog.class);

	private final List<Object> events = new ArrayList<>();

	private final List<Send> sends = List.of(new Send(draft("id-000001")), new Send(draft("id-000002")),
			new Send(draft("bad")));

	@Test
	void answersEverySenderThenFansOutOnlyWhatIsNew() {
		MessageView first = view("id-000001", 7);
		MessageView repeat = view("id-000002", 3);
		given(log.storeBatch(anyList())).willReturn(List.of(new SendOutcome.Stored(first, false),
				new SendOutcome.Stored(repeat, true), new SendOutcome.Refused(new ChatRejected(Rejection.BAD_ID))));
		BatchWriter writer = new BatchWriter(log, (event) -> {
			assertThat(sends).allSatisfy((send) -> assertThat(send.outcome()).isDone());
			events.add(event);
		}, new SimpleMeterRegistry());

		writer.write(sends);

		assertThat(sends.get(0).outcome()).isCompletedWithValue(new SendOutcome.Stored(first, false));
		assertThat(events).hasSize(2);
		assertThat(events.get(0)).isEqualTo(new MessageStored(first));
		InboxEvent rejected = (InboxEvent) events.get(1);
		assertThat(rejected.username()).isEqualTo("alice");
		assertThat(rejected.body()).containsEntry("type", "rejected").containsEntry("id", "bad")
			.containsEntry("reason", "bad-id");
	}

	@Test
	void aFailedStoreAnswersNobodyWithSuccessAndFansOutNothing() {
		given(log.storeBatch(anyList())).willThrow(new IllegalStateException("disk full"));
		BatchWriter writer = new BatchWriter(log, events::add, new SimpleMeterRegistry());

		writer.write(sends);

		assertThat(sends).allSatisfy((send) -> assertThat(send.outcome()).isCompletedExceptionally());
		assertThat(events).isEmpty();
	}

	private static Draft draft(String clientId) {
		return new Draft("r1", "alice", clientId, "hello");
	}

	private static MessageView view(String clientId, long seq) {
		return new MessageView(clientId, "r1", seq, "alice", "hello", Instant.EPOCH);
	}

}
