package io.lowband.broker;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;

/**
 * Adapts {@link BrokerAccess} to Moquette's two security hooks, so no Moquette type leaks out of this package.
 */
class MoquetteSecurity implements IAuthenticator, IAuthorizatorPolicy {

	private final BrokerAccess access;

	MoquetteSecurity(BrokerAccess access) {
		this.access = access;
	}

	@Override
	public boolean checkValid(String clientId, String username, byte[] password) {
		return access.mayConnect(clientId, username, password);
	}

	@Override
	public boolean canRead(Topic topic, String username, String clientId) {
		return access.mayRead(clientId, username, topic.toString());
	}

	@Override
	public boolean canWrite(Topic topic, String username, String clientId) {
		return access.mayWrite(clientId, username, topic.toString());
	}

}
