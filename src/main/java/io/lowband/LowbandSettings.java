package io.lowband;

import java.nio.file.Path;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings shared by every feature: where Lowband keeps its files (broker sessions, the embedded store).
 *
 * @param dataDir the data directory, {@code ./data} unless {@code lowband.data-dir} says otherwise
 */
@Validated
@ConfigurationProperties("lowband")
public record LowbandSettings(@NotNull @DefaultValue("./data") Path dataDir) {

	/** A folder under the data directory for one feature's files, created if missing. */
	public Path dataDirFor(String feature) {
		Path dir = dataDir.resolve(feature).toAbsolutePath().normalize();
		try {
			java.nio.file.Files.createDirectories(dir);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Cannot create the data directory " + dir + " (lowband.data-dir): " + ex.getMessage(), ex);
		}
		return dir;
	}

}
