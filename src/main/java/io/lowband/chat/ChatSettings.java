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
 */
@Validated
@ConfigurationProperties("lowband.chat")
record ChatSettings(@Min(1) @Max(1_000_000) @DefaultValue("4000") int maxBodyBytes,
		@DefaultValue("true") boolean openTopics) {
}
