package io.lowband.user;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Failed sign-ins (REST and MQTT together) are limited per account and per client address, each by a per-minute and
 * a per-hour budget that refills evenly: after a burst the wait grows from seconds to minutes.
 *
 * @param tokenTtl how long an access token stays valid
 * @param bcryptStrength the BCrypt cost factor for stored passwords
 * @param accountFailuresPerMinute failed sign-ins one username may have per minute
 * @param accountFailuresPerHour failed sign-ins one username may have per hour
 * @param addressFailuresPerMinute failed sign-ins one client address may have per minute
 * @param addressFailuresPerHour failed sign-ins one client address may have per hour
 * @param revocationPoll how often this instance reads the tokens other instances sharing the database revoked: at
 * most this long, a token revoked there still opens connections here and those signed in with it go on
 */
@Validated
@ConfigurationProperties("lowband.user")
record UserSettings(@NotNull @DefaultValue("30d") Duration tokenTtl,
		@Min(4) @Max(16) @DefaultValue("10") int bcryptStrength,
		@Min(1) @DefaultValue("5") int accountFailuresPerMinute, @Min(1) @DefaultValue("20") int accountFailuresPerHour,
		@Min(1) @DefaultValue("20") int addressFailuresPerMinute,
		@Min(1) @DefaultValue("100") int addressFailuresPerHour,
		@NotNull @DurationMin(millis = 100) @DefaultValue("5s") Duration revocationPoll) {
}
