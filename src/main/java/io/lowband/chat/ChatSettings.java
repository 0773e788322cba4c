package io.lowband.chat;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxBodyBytes the largest message body, in UTF-8 bytes
 * @param openTopics whether topics outside the chat namespaces ({@code rooms/}, {@code users/}, {@code presence/})
 * are plain MQTT for any signed-in client (devices, experiments); wildcards over everything are never allowed
 * @param roomsPerHour how many group rooms one user may create per hour; the allowance refills gradually
 * @param invitationsPerHour how many people one user may put into rooms per hour: the members of a new room, each
 * {@code POST /api/rooms/{id}/members}, each new direct room. The default leaves room for one new room of the
 * largest size a request may ask for (200 members)
 */
@Validated
@ConfigurationProperties("lowband.chat")
record ChatSettings(@Min(1) @Max(1_000_000) @DefaultValue("4000") int maxBodyBytes,
		@DefaultValue("true") boolean openTopics, @Min(1) @DefaultValue("30") int roomsPerHour,
		@Min(1) @DefaultValue("300") int invitationsPerHour) {
}
