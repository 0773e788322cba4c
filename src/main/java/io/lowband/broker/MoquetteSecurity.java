package io.lowband.broker;

import java.util.function.Predicate;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;

/**
 * Adapts {@link BrokerAccess} to Moquette's two security hooks, so no Moquette type leaks out of this package.
 */
class MoquetteSecurity implements IAuthenticator, IAuthorizatorPolicy {

	private final BrokerAccess access;

	private final ServerCredentials server;

	MoquetteSecurity(BrokerAccess access, ServerCredentials server) {
		this.access = access;
		this.server = server;
	}

	private volatile boolean closed;

	private volatile Predicate<String> connectionReady = (clientId) -> true;

	/**
	 * Refuses a client's publishes while its connection is not ready for them (see
	 * {@link ChannelHooks#hookedOrClosed}); Moquette then drops them unacknowledged, and the client sends them again.
	 */
	void writesOnlyWhen(Predicate<String> ready) {
		this.connectionReady = ready;
	}

	/** From now on only Lowband's own clients may connect (a graceful stop has begun). */
	void close() {
		closed = true;
	}

	@Override
	public boolean checkValid(String clientId, String username, byte[] password) {
		if (server.username().equals(username)) {
			return server.matches(username, password);
		}
		return !closed && access.mayConnect(clientId, username, password);
	}

	@Override
	public boolean canRead(Topic topic, String username, String clientId) {
		return isServer(username) || access.mayRead(clientId, username, topic.toString());
	}

	@Override
	public boolean canWrite(Topic topic, String username, String clientId) {
		return isServer(username) || (connectionReady.test(clientId) && access.mayWrite(clientId, username, topic.toString()));
	}

	private boolean isServer(String username) {
		// Only a client that passed checkValid with the server password can carry this username.
		return server.username().equals(username);
	}

}
