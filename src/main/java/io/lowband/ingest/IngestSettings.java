package io.lowband.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How sends are stored.
 *
 * @param partitions writers, each owning the rooms whose id hashes to it: a room's sends keep their order, rooms
 * proceed in parallel. More than the store can commit at once buys nothing; four let one batch be built while
 * another waits for its sync.
 * @param maxBatch the most sends one writer stores with one insert and one commit
 * @param requestThreads threads that answer catch-up and read-marker requests, apart from the writers
 * @param maxWaitingRequests requests that may wait for those threads; more are dropped, counted and logged (a
 * client asks again: catch-up and read markers are idempotent)
 */
@Validated
@ConfigurationProperties("lowband.ingest")
record IngestSettings(@Min(1) @Max(64) @DefaultValue("4") int partitions,
		@Min(1) @Max(10_000) @DefaultValue("500") int maxBatch,
		@Min(1) @Max(64) @DefaultValue("2") int requestThreads,
		@Min(1) @Max(1_000_000) @DefaultValue("10000") int maxWaitingRequests) {
}
