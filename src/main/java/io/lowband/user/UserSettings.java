package io.lowband.user;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param tokenTtl how long an access token stays valid
 * @param bcryptStrength the BCrypt cost factor for stored passwords
 */
@Validated
@ConfigurationProperties("lowband.user")
record UserSettings(@NotNull @DefaultValue("30d") Duration tokenTtl,
		@Min(4) @Max(16) @DefaultValue("10") int bcryptStrength) {
}
