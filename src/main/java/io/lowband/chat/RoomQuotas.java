package io.lowband.chat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.lowband.user.RateLimited;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * How many rooms each user may create, and how many people they may put into rooms, per hour. Without it anyone
 * could put anyone into hundreds of rooms in seconds. The allowance refills gradually (a token every
 * hour/limit), so a spammer who runs dry gets a trickle, not a fresh hour.
 */
@Component
class RoomQuotas {

	private final Quota rooms;

	private final Quota invitations;

	@Autowired
	RoomQuotas(ChatSettings settings) {
		this(settings.roomsPerHour(), settings.invitationsPerHour(), TimeMeter.SYSTEM_MILLISECONDS);
	}

	RoomQuotas(int roomsPerHour, int invitationsPerHour, TimeMeter time) {
		this.rooms = new Quota("too-many-rooms", "You have created too many rooms in the last hour.", roomsPerHour,
				time);
		this.invitations = new Quota("too-many-invitations",
				"You have added too many people to rooms in the last hour.", invitationsPerHour, time);
	}

	/** One new group room with {@code invited} other people in it. When either limit refuses, neither is used. */
	void createRoom(String user, int invited) {
		rooms.take(user, 1);
		try {
			invitations.take(user, invited);
		}
		catch (RuntimeException ex) {
			rooms.giveBack(user, 1);
			throw ex;
		}
	}

	/** One person put into an existing room, or into a new direct room. */
	void invite(String user) {
		invitations.take(user, 1);
	}

	private static final class Quota {

		private final String kind;

		private final String refusal;

		private final int perHour;

		private final TimeMeter time;

		// A bucket left alone for an hour is full again, so forgetting it then loses nothing.
		private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
			.expireAfterAccess(Duration.ofHours(1))
			.build();

		Quota(String kind, String refusal, int perHour, TimeMeter time) {
			this.kind = kind;
			this.refusal = refusal;
			this.perHour = perHour;
			this.time = time;
		}

		void take(String user, int count) {
			if (count == 0) {
				return;
			}
			if (count > perHour) {
				// Only invitations come in more than ones. Waiting would never help: say so instead of naming a time.
				throw new ChatRejected(Rejection.BAD_REQUEST,
						"You can add at most " + perHour + " people to rooms per hour.");
			}
			ConsumptionProbe probe = bucket(user).tryConsumeAndReturnRemaining(count);
			if (!probe.isConsumed()) {
				// Rounded up, so that a client retrying after Retry-After seconds succeeds.
				long seconds = TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L);
				throw new RateLimited(kind, refusal + " Try again in " + seconds + " s.", Duration.ofSeconds(seconds));
			}
		}

		void giveBack(String user, int count) {
			bucket(user).addTokens(count);
		}

		private Bucket bucket(String user) {
			return buckets.get(user,
					(u) -> Bucket.builder()
						.addLimit((limit) -> limit.capacity(perHour).refillGreedy(perHour, Duration.ofHours(1)))
						.withCustomTimePrecision(time)
						.build());
		}

	}

}
