package io.lowband.user;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.stereotype.Component;

/**
 * Budgets for failed sign-ins, per username and per client address, shared by REST and MQTT. An attempt reserves
 * one failure from both budgets before the password is checked (so parallel guesses cannot all slip through), and a
 * successful one gives it back. Unknown usernames have budgets like known ones, so being throttled tells nothing.
 */
@Component
class SignInThrottle {

	/** Longer than the slowest refill, so a dropped bucket would have been full again anyway. */
	private static final Duration IDLE = Duration.ofHours(1);

	private static final long MAX_BUCKETS = 100_000;

	private final Cache<String, Bucket> accounts = Caffeine.newBuilder()
		.expireAfterAccess(IDLE)
		.maximumSize(MAX_BUCKETS)
		.build();

	private final Cache<String, Bucket> addresses = Caffeine.newBuilder()
		.expireAfterAccess(IDLE)
		.maximumSize(MAX_BUCKETS)
		.build();

	private final Supplier<Bucket> accountBucket;

	private final Supplier<Bucket> addressBucket;

	SignInThrottle(UserSettings settings) {
		this.accountBucket = () -> bucket(settings.accountFailuresPerMinute(), settings.accountFailuresPerHour());
		this.addressBucket = () -> bucket(settings.addressFailuresPerMinute(), settings.addressFailuresPerHour());
	}

	/**
	 * Reserves one failure for this attempt; empty when it may go ahead, otherwise how long to wait. A throttled
	 * attempt reserves nothing.
	 */
	Optional<Duration> reserve(String username, String address) {
		Bucket account = accounts.get(key(username), (k) -> accountBucket.get());
		ConsumptionProbe probe = account.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			return Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
		}
		if (address != null) {
			ConsumptionProbe byAddress = addresses.get(address, (k) -> addressBucket.get())
				.tryConsumeAndReturnRemaining(1);
			if (!byAddress.isConsumed()) {
				account.addTokens(1);
				return Optional.of(Duration.ofNanos(byAddress.getNanosToWaitForRefill()));
			}
		}
		return Optional.empty();
	}

	/** The attempt succeeded: it was not a failure after all. */
	void succeeded(String username, String address) {
		Bucket account = accounts.getIfPresent(key(username));
		if (account != null) {
			account.addTokens(1);
		}
		Bucket byAddress = (address != null) ? addresses.getIfPresent(address) : null;
		if (byAddress != null) {
			byAddress.addTokens(1);
		}
	}

	/**
	 * Names no account can have share one budget: they need no hiding, and keying the cache by them would let
	 * anyone fill it with long strings.
	 */
	private static String key(String username) {
		return Accounts.isValidUsername(username) ? username : "";
	}

	private static Bucket bucket(int perMinute, int perHour) {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
			.addLimit((limit) -> limit.capacity(perHour).refillGreedy(perHour, Duration.ofHours(1)))
			.build();
	}

}
