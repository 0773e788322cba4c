package io.lowband.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.lowband.chat.Draft;
import io.lowband.chat.SendOutcome;
import io.lowband.chat.SendQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.MessageChannel;

/**
 * Hands each send to the send channel (MQTT sends from the edge or the bridge, REST sends alike), counting it and
 * timing it until it is answered: for an MQTT send that is when its PUBACK may go, so the timer is the PUBACK
 * latency the sender sees, less the network.
 */
class MeasuredSendQueue implements SendQueue {

	private final MessageChannel channel;

	private final Counter received;

	private final Timer answered;

	MeasuredSendQueue(MessageChannel channel, MeterRegistry meters) {
		this.channel = channel;
		this.received = Counter.builder("lowband.ingest.sends.received")
			.description("Chat sends taken for storing (MQTT and REST)")
			.register(meters);
		this.answered = Timer.builder("lowband.ingest.sends.answered")
			.description("From a send's arrival to its answer (stored or refused): the PUBACK latency")
			.publishPercentileHistogram()
			.register(meters);
	}

	@Override
	public CompletableFuture<SendOutcome> submit(Draft draft) {
		received.increment();
		long started = System.nanoTime();
		Send send = new Send(draft);
		send.outcome().whenComplete((outcome, failure) -> answered.record(System.nanoTime() - started,
				TimeUnit.NANOSECONDS));
		channel.send(MessageBuilder.withPayload(send).build());
		return send.outcome();
	}

}
