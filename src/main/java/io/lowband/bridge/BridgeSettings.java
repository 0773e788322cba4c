package io.lowband.bridge;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the bridge connects. With no {@code brokerUrl} it uses the embedded broker with credentials made at
 * start-up; with one (an external, clustered broker) it signs in with {@code username} and {@code password}.
 *
 * @param brokerUrl e.g. {@code tcp://broker.internal:1883}; empty means the embedded broker
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

	/** On the embedded broker, client ids starting with lowband- are reserved for the server: no user can take it. */
	@AssertTrue(message = "lowband.bridge.client-id must start with lowband- when the bridge uses the embedded broker")
	boolean isClientIdReservedOnEmbeddedBroker() {
		return brokerUrl == null || !brokerUrl.isEmpty() || clientId == null || clientId.startsWith("lowband-");
	}

	boolean usesEmbeddedBroker() {
		return brokerUrl.isEmpty();
	}

	String inboundFilter(String topicFilter) {
		return sharedGroup.isEmpty() ? topicFilter : "$share/" + sharedGroup + "/" + topicFilter;
	}

}
