package io.lowband.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lowband.chat.Draft;
import io.lowband.chat.InboxEvent;
import io.lowband.chat.MessageLog;
import io.lowband.chat.MessageStored;
import io.lowband.chat.SendOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Stores one batch of sends (one insert, one durable commit, see {@link MessageLog#storeBatch}), then answers the
 * senders, then fans out what was new, in seq order, and tells refused senders why on their inbox. Everything after
 * the commit runs outside any lock: the writer that calls this owns the batch's rooms.
 */
class BatchWriter {

	private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

	private final MessageLog messages;

	private final ApplicationEventPublisher events;

	private final MeterRegistry meters;

	private final DistributionSummary batchSizes;

	private final Timer storing;

	private final Counter stored;

	private final Counter duplicates;

	BatchWriter(MessageLog messages, ApplicationEventPublisher events, MeterRegistry meters) {
		this.messages = messages;
		this.events = events;
		this.meters = meters;
		this.batchSizes = DistributionSummary.builder("lowband.ingest.batch.size")
			.description("Sends stored with one insert and one durable commit")
			.register(meters);
		this.storing = Timer.builder("lowband.ingest.batch.store")
			.description("Storing one batch: the insert and its durable commit")
			.publishPercentileHistogram()
			.register(meters);
		this.stored = Counter.builder("lowband.ingest.sends.stored").description("Messages stored").register(meters);
		this.duplicates = Counter.builder("lowband.ingest.sends.duplicates")
			.description("Sends found stored already (a resend): answered, not stored again")
			.register(meters);
		meters.counter("lowband.ingest.failed.batches"); // shown as 0 from the start, not as missing
	}

	void write(List<Send> sends) {
		List<Draft> drafts = new ArrayList<>(sends.size());
		sends.forEach((send) -> drafts.add(send.draft()));
		List<SendOutcome> outcomes;
		try {
			long started = System.nanoTime();
			outcomes = messages.storeBatch(drafts);
			storing.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			// Nobody is answered: each sender sends again (MQTT: after reconnecting), and what was stored is recognised.
			log.warn("Could not store a batch of {} sends: {}", sends.size(), ex.toString());
			meters.counter("lowband.ingest.failed.batches").increment();
			sends.forEach((send) -> send.outcome().completeExceptionally(ex));
			return;
		}
		batchSizes.record(sends.size());
		for (int i = 0; i < sends.size(); i++) {
			sends.get(i).outcome().complete(outcomes.get(i));
		}
		for (int i = 0; i < sends.size(); i++) {
			announce(drafts.get(i), outcomes.get(i));
		}
	}

	private void announce(Draft draft, SendOutcome outcome) {
		if (outcome instanceof SendOutcome.Stored message) {
			(message.duplicate() ? duplicates : stored).increment();
			if (!message.duplicate()) {
				events.publishEvent(new MessageStored(message.message()));
			}
		}
		else if (outcome instanceof SendOutcome.Refused refused) {
			meters.counter("lowband.ingest.rejected", "reason", refused.reason().rejection().code()).increment();
			log.debug("Refused a send from {} to room {} (id {}): {}", draft.from(), draft.roomId(), draft.clientId(),
					refused.reason().rejection().code());
			events.publishEvent(InboxEvent.rejected(draft.from(), draft.roomId(), draft.clientId(), refused.reason()));
		}
	}

}
