package io.lowband.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The access rules when no feature supplies its own: anyone connects, reads and writes anything, unless
 * anonymous clients are switched off, in which case a username is required.
 */
class OpenBrokerAccess implements BrokerAccess {

	private final boolean allowAnonymous;

	OpenBrokerAccess(boolean allowAnonymous) {
		this.allowAnonymous = allowAnonymous;
	}

	@Override
	public CompletionStage<ConnectVerdict> admit(ConnectAttempt attempt) {
		return CompletableFuture.completedFuture((allowAnonymous || !attempt.isAnonymous())
				? ConnectVerdict.Admitted.forever() : new ConnectVerdict.Refused(ConnectVerdict.Refusal.BAD_CREDENTIALS));
	}

	@Override
	public boolean mayRead(String clientId, String username, String topicFilter) {
		return true;
	}

	@Override
	public boolean mayWrite(String clientId, String username, String topic) {
		return true;
	}

}
