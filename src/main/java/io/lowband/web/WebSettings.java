package io.lowband.web;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxBodySize the largest HTTP request body; larger ones get 413 before they are parsed
 * @param operators usernames that may read Actuator beyond {@code /actuator/health} and {@code /actuator/info},
 * and see health details
 */
@Validated
@ConfigurationProperties("lowband.web")
record WebSettings(@NotNull @DefaultValue("256KB") DataSize maxBodySize, @NotNull @DefaultValue List<String> operators) {

	WebSettings {
		if (maxBodySize != null && maxBodySize.toBytes() < 1024) {
			throw new IllegalArgumentException("lowband.web.max-body-size must be at least 1KB, not " + maxBodySize);
		}
	}

}
