package io.lowband.chat;

import java.time.Duration;

import io.github.bucket4j.TimeMeter;
import io.lowband.user.RateLimited;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The room limits on a clock the test moves: three rooms and six people an hour, refilled a little at a time. */
class RoomQuotasTests {

	long now;

	final TimeMeter clock = new TimeMeter() {

		@Override
		public long currentTimeNanos() {
			return now;
		}

		@Override
		public boolean isWallClockBased() {
			return false;
		}

	};

	final RoomQuotas quotas = new RoomQuotas(3, 6, clock);

	@Test
	void theRoomAfterTheLimitWaitsForOneToRefillNotForAWholeHour() {
		for (int i = 0; i < 3; i++) {
			quotas.createRoom("alice", 0);
		}
		RateLimited refused = catchThrowableOfType(RateLimited.class, () -> quotas.createRoom("alice", 0));
		assertThat(refused.kind()).isEqualTo("too-many-rooms");
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(20));

		now += Duration.ofMinutes(20).toNanos();
		quotas.createRoom("alice", 0);
		assertThatThrownBy(() -> quotas.createRoom("alice", 0)).isInstanceOf(RateLimited.class);
	}

	@Test
	void eachPersonAddedCountsWhereverTheyAreAdded() {
		quotas.createRoom("alice", 4);
		quotas.invite("alice");
		quotas.invite("alice");
		RateLimited refused = catchThrowableOfType(RateLimited.class, () -> quotas.invite("alice"));
		assertThat(refused.kind()).isEqualTo("too-many-invitations");
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void aRoomRefusedForItsMembersDoesNotUseUpARoom() {
		quotas.createRoom("alice", 5);
		for (int i = 0; i < 3; i++) {
			assertThatThrownBy(() -> quotas.createRoom("alice", 2)).isInstanceOf(RateLimited.class)
				.extracting((ex) -> ((RateLimited) ex).kind())
				.isEqualTo("too-many-invitations");
		}
		quotas.createRoom("alice", 1);
		quotas.createRoom("alice", 0);
		assertThatThrownBy(() -> quotas.createRoom("alice", 0)).isInstanceOf(RateLimited.class);
	}

	@Test
	void oneUsersSpreeDoesNotLimitAnother() {
		for (int i = 0; i < 3; i++) {
			quotas.createRoom("mallory", 2);
		}
		assertThatThrownBy(() -> quotas.createRoom("mallory", 0)).isInstanceOf(RateLimited.class);
		quotas.createRoom("alice", 6);
	}

	@Test
	void moreThanAnHoursPeopleInOneRequestIsRefusedAsBadNotAsWait() {
		assertThatThrownBy(() -> quotas.createRoom("alice", 7)).isInstanceOf(ChatRejected.class)
			.extracting((ex) -> ((ChatRejected) ex).rejection())
			.isEqualTo(Rejection.BAD_REQUEST);
		quotas.createRoom("alice", 6);
	}

}
