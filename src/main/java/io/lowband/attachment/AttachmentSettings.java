package io.lowband.attachment;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxSize the largest file one upload may hold; a larger {@code Upload-Length} is refused with 413
 * @param unfinishedExpiry how long an upload may stay unfinished after its last byte arrived; then it and its bytes
 * are removed
 * @param cleanupInterval how often expired uploads are looked for
 * @param thumbnailSize the longest side, in pixels, of the thumbnail made for an image
 */
@Validated
@ConfigurationProperties("lowband.attachment")
record AttachmentSettings(@NotNull @DefaultValue("25MB") DataSize maxSize,
		@NotNull @DefaultValue("24h") Duration unfinishedExpiry, @NotNull @DefaultValue("10m") Duration cleanupInterval,
		@Min(16) @Max(1024) @DefaultValue("320") int thumbnailSize) {

	AttachmentSettings {
		if (maxSize != null && maxSize.toBytes() < 1) {
			throw new IllegalArgumentException("lowband.attachment.max-size must be at least 1 byte");
		}
		if (unfinishedExpiry != null && unfinishedExpiry.toSeconds() < 1) {
			throw new IllegalArgumentException("lowband.attachment.unfinished-expiry must be at least 1 second");
		}
		if (cleanupInterval != null && cleanupInterval.toSeconds() < 1) {
			throw new IllegalArgumentException("lowband.attachment.cleanup-interval must be at least 1 second");
		}
	}

}
