package io.lowband.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The writers: one thread per partition, each owning the rooms whose id hashes to it, so a room's sends are stored
 * in the order they arrived while rooms proceed in parallel. A writer takes everything waiting for it (up to
 * {@code maxBatch}) and stores it as one batch: under load batches grow by themselves, and an idle writer stores a
 * lone send at once, with no timer to wait out.
 * <p>
 * Spring Integration's {@code PartitionedChannel} hands its handler one message at a time, so it cannot see what
 * else waits; batching on top of it would need an aggregator and a timeout, which adds latency exactly when the
 * system is idle. Nothing waits here without a bound: the edge stops reading sockets once
 * {@code lowband.broker.max-pending-sends-total} sends are unanswered, and REST senders wait for their answer.
 */
class SendPartitions implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SendPartitions.class);

	/**
	 * Before the broker (which starts at {@code Integer.MIN_VALUE + 100}), so that the first client's send finds its
	 * writer running, and stopped after it, so that what clients sent before their connections closed is stored.
	 */
	static final int PHASE = Integer.MIN_VALUE + 50;

	private static final long STOP_WAIT_MILLIS = 10_000;

	private final List<BlockingQueue<Send>> queues = new ArrayList<>();

	private final List<Thread> writers = new ArrayList<>();

	private final BatchWriter writer;

	private final int maxBatch;

	private volatile boolean running;

	private volatile boolean stopping;

	SendPartitions(IngestSettings settings, BatchWriter writer, MeterRegistry meters) {
		this.writer = writer;
		this.maxBatch = settings.maxBatch();
		for (int i = 0; i < settings.partitions(); i++) {
			queues.add(new LinkedBlockingQueue<>());
		}
		Gauge.builder("lowband.ingest.waiting", this::waiting)
			.description("Sends waiting for their writer")
			.register(meters);
	}

	int waiting() {
		return queues.stream().mapToInt(BlockingQueue::size).sum();
	}

	void offer(Send send) {
		if (stopping || !running) {
			send.outcome().completeExceptionally(new IllegalStateException("Lowband is not taking sends now"));
			return;
		}
		queues.get(Math.floorMod(send.draft().roomId().hashCode(), queues.size())).add(send);
	}

	@Override
	public void start() {
		stopping = false;
		for (int i = 0; i < queues.size(); i++) {
			BlockingQueue<Send> queue = queues.get(i);
			Thread thread = new Thread(() -> drain(queue), "lowband-writer-" + i);
			thread.setDaemon(true);
			writers.add(thread);
			thread.start();
		}
		running = true;
	}

	private void drain(BlockingQueue<Send> queue) {
		List<Send> batch = new ArrayList<>(maxBatch);
		while (true) {
			Send first;
			try {
				first = queue.poll(100, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				return;
			}
			if (first == null) {
				if (stopping) {
					return;
				}
				continue;
			}
			batch.add(first);
			queue.drainTo(batch, maxBatch - 1);
			try {
				writer.write(batch);
			}
			catch (RuntimeException ex) {
				log.error("A writer failed on a batch of {} sends", batch.size(), ex);
				batch.forEach((send) -> send.outcome().completeExceptionally(ex));
			}
			batch.clear();
		}
	}

	/** Stores what already waits (its senders wait for the answer), then stops; later sends are refused. */
	@Override
	public void stop() {
		stopping = true;
		long deadline = System.currentTimeMillis() + STOP_WAIT_MILLIS;
		for (Thread thread : writers) {
			try {
				thread.join(Math.max(1, deadline - System.currentTimeMillis()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		writers.clear();
		running = false;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
