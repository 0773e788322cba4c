package io.lowband.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Access tokens by hash, kept in memory until they expire: every MQTT connect and REST request shows one, and a store
 * read for each would cost more than the rest of a reconnect (10,000 phones coming back after an outage). Only
 * tokens that exist are kept, so a guessed one always reaches the store.
 * <p>
 * A revocation must still reach every instance that shares the database, and end the connections signed in with the
 * token there too. So each is also written to {@code revocations}, every instance reads the recent ones every
 * {@code lowband.user.revocation-poll} (one small query, not one per connect), forgets those tokens and announces
 * {@link TokenRevoked}. On the instance that revoked it, all that happens at once.
 */
@Component
class KnownTokens {

	/** How far back each look reaches: covers missed looks and clocks of instances that differ by seconds. */
	private static final Duration LOOK_BACK = Duration.ofMinutes(1);

	/** Revocations older than this are deleted: every instance has heard of them many times over. */
	private static final Duration KEPT = Duration.ofMinutes(10);

	private static final Logger log = LoggerFactory.getLogger(KnownTokens.class);

	private final AccessTokenRepository tokens;

	private final MongoTemplate mongo;

	private final ApplicationEventPublisher events;

	private final Clock clock = Clock.systemUTC();

	private final Cache<String, AccessToken> known;

	/** Revocations already acted on here, so that each is announced once. */
	private final Cache<String, Boolean> heard = Caffeine.newBuilder().expireAfterWrite(LOOK_BACK.multipliedBy(2))
		.build();

	private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "lowband-revocation-watch");
		thread.setDaemon(true);
		return thread;
	});

	KnownTokens(AccessTokenRepository tokens, MongoTemplate mongo, UserSettings settings,
			ApplicationEventPublisher events) {
		this.tokens = tokens;
		this.mongo = mongo;
		this.events = events;
		this.known = Caffeine.newBuilder()
			.maximumSize(200_000)
			.expireAfter(Expiry.creating((String hash, AccessToken token) -> untilExpiry(token)))
			.build();
		mongo.indexOps(Revocation.class).createIndex(new Index("at", Sort.Direction.ASC));
		long poll = settings.revocationPoll().toMillis();
		watch.scheduleWithFixedDelay(this::lookForRevocations, poll, poll, TimeUnit.MILLISECONDS);
	}

	Optional<AccessToken> find(String hash) {
		AccessToken cached = known.getIfPresent(hash);
		if (cached != null) {
			return Optional.of(cached);
		}
		Optional<AccessToken> stored = tokens.findById(hash);
		stored.ifPresent((token) -> known.put(hash, token));
		return stored;
	}

	AccessToken issue(AccessToken token) {
		AccessToken stored = tokens.insert(token);
		known.put(stored.hash(), stored);
		return stored;
	}

	/** Revokes a token if it exists, here at once and on other instances at their next look. */
	void revoke(String hash) {
		tokens.findById(hash).ifPresent((token) -> {
			AccessToken revoked = tokens.save(new AccessToken(token.hash(), token.username(), token.expiresAt(), true));
			mongo.save(new Revocation(hash, token.username(), clock.instant()));
			known.put(hash, revoked);
			heard.put(hash, Boolean.TRUE);
			events.publishEvent(new TokenRevoked(token.username(), hash));
		});
	}

	/** Acts on what other instances revoked since a little before the last look. */
	void lookForRevocations() {
		try {
			Instant now = clock.instant();
			List<Revocation> recent = mongo.find(Query.query(Criteria.where("at").gte(now.minus(LOOK_BACK))),
					Revocation.class);
			for (Revocation revocation : recent) {
				if (heard.asMap().putIfAbsent(revocation.hash(), Boolean.TRUE) == null) {
					known.invalidate(revocation.hash());
					events.publishEvent(new TokenRevoked(revocation.username(), revocation.hash()));
				}
			}
			mongo.remove(Query.query(Criteria.where("at").lt(now.minus(KEPT))), Revocation.class);
		}
		catch (RuntimeException ex) {
			log.warn("Could not read recent token revocations, will try again: {}", ex.toString());
		}
	}

	private Duration untilExpiry(AccessToken token) {
		Duration left = Duration.between(clock.instant(), token.expiresAt());
		return left.isNegative() ? Duration.ZERO : left;
	}

	@PreDestroy
	void stop() {
		watch.shutdownNow();
	}

}
