package io.lowband.ingest;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The bridge to an external, clustered broker that clients use instead of the embedded one. With no
 * {@code brokerUrl} there is no bridge: the embedded broker's edge hands sends to the chat in-process. With one, the
 * bridge signs in there with {@code username} and {@code password}.
 *
 * @param brokerUrl e.g. {@code tcp://broker.internal:1883}; empty means clients use the embedded broker
 * @param sharedGroup the shared-subscription group, so several Lowband instances split the sends; empty turns
 * shared subscriptions off (for brokers without them)
 * @param sessionExpiry how long the broker keeps the bridge's session, and the sends queued for it, while it is away
 */
@Validated
@ConfigurationProperties("lowband.bridge")
record BridgeSettings(@DefaultValue("") @Pattern(regexp = "|(tcp|ssl|ws|wss)://.+", message = "must be empty or a tcp://, ssl://, ws:// or wss:// URL") String brokerUrl,
		@NotBlank @DefaultValue("lowband-bridge") String clientId, @DefaultValue("") String username,
		@DefaultValue("") String password, @DefaultValue("lowband") String sharedGroup,
		@NotNull @DefaultValue("7d") Duration sessionExpiry) {

	String inboundFilter(String topicFilter) {
		return sharedGroup.isEmpty() ? topicFilter : "$share/" + sharedGroup + "/" + topicFilter;
	}

}
