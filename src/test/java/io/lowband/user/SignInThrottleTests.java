package io.lowband.user;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTests {

	private final SignInThrottle throttle = new SignInThrottle(
			new UserSettings(Duration.ofDays(1), 4, 3, 5, 4, 10, Duration.ofSeconds(5)));

	@Test
	void anAccountIsThrottledAfterItsFailuresPerMinuteAndTheWaitIsSaid() {
		for (int i = 0; i < 3; i++) {
			assertThat(throttle.reserve("alice", "192.0.2.1")).isEmpty();
		}

		assertThat(throttle.reserve("alice", "192.0.2.2")).hasValueSatisfying(
				(wait) -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(20)));
		assertThat(throttle.reserve("bob", "192.0.2.2")).isEmpty();
	}

	@Test
	void anAddressIsThrottledAcrossUsernames() {
		for (int i = 0; i < 4; i++) {
			assertThat(throttle.reserve("user" + i, "198.51.100.7")).isEmpty();
		}

		assertThat(throttle.reserve("someone-else", "198.51.100.7")).isPresent();
		assertThat(throttle.reserve("someone-else", "198.51.100.8")).isEmpty();
	}

	@Test
	void successfulSignInsUseNoBudget() {
		for (int i = 0; i < 20; i++) {
			assertThat(throttle.reserve("carol", "203.0.113.5")).isEmpty();
			throttle.succeeded("carol", "203.0.113.5");
		}
	}

	@Test
	void anAttemptRefusedForItsAddressLeavesTheAccountBudgetAlone() {
		for (int i = 0; i < 4; i++) {
			throttle.reserve("filler" + i, "203.0.113.9");
		}
		for (int i = 0; i < 5; i++) {
			assertThat(throttle.reserve("dave", "203.0.113.9")).isPresent();
		}

		assertThat(throttle.reserve("dave", "203.0.113.10")).isEmpty();
	}

	@Test
	void theHourlyBudgetGrowsTheWaitToMinutes() {
		SignInThrottle generous = new SignInThrottle(new UserSettings(Duration.ofDays(1), 4, 100, 5, 1000, 1000, Duration.ofSeconds(5)));
		for (int i = 0; i < 5; i++) {
			assertThat(generous.reserve("erin", null)).isEmpty();
		}

		assertThat(generous.reserve("erin", null)).hasValueSatisfying(
				(wait) -> assertThat(wait).isGreaterThan(Duration.ofMinutes(5)));
	}

	@Test
	void namesNoAccountCanHaveShareOneBudget() {
		for (int i = 0; i < 3; i++) {
			assertThat(throttle.reserve("Not A Valid Name " + i + "x".repeat(1000), null)).isEmpty();
		}

		assertThat(throttle.reserve("/another invalid one", null)).isPresent();
		assertThat(throttle.reserve("valid-name", null)).isEmpty();
	}

}
