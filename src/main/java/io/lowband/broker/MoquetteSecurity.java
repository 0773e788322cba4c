package io.lowband.broker;

import java.util.function.Predicate;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;

/**
 * Moquette's two security hooks. Who connects and what a connected client may subscribe to or publish is decided
 * at the edge ({@link EdgeGate}); these hooks let through what the edge admitted. Moquette asks {@code canRead}
 * for each new subscription, which the edge has already decided, and again for a persistent session's plain
 * subscriptions when it reopens, which is how a right lost while the session was away takes effect.
 */
class MoquetteSecurity implements IAuthenticator, IAuthorizatorPolicy {

	private final BrokerAccess access;

	private final ServerCredentials server;

	MoquetteSecurity(BrokerAccess access, ServerCredentials server) {
		this.access = access;
		this.server = server;
	}

	private volatile Predicate<String> connectionReady = (clientId) -> true;

	/**
	 * Refuses a client's publishes while its connection is not ready for them (see
	 * {@link ChannelHooks#hookedOrClosed}); Moquette then drops them unacknowledged, and the client sends them again.
	 */
	void writesOnlyWhen(Predicate<String> ready) {
		this.connectionReady = ready;
	}

	@Override
	public boolean checkValid(String clientId, String username, byte[] password) {
		return server.matches(username, password) || Admissions.isBeingAdmitted(username);
	}

	@Override
	public boolean canRead(Topic topic, String username, String clientId) {
		return isServer(username) || access.mayRead(clientId, username, topic.toString());
	}

	@Override
	public boolean canWrite(Topic topic, String username, String clientId) {
		// The edge has checked the topic already (TopicGate); here only a connection it never saw is refused.
		return isServer(username) || connectionReady.test(clientId);
	}

	private boolean isServer(String username) {
		// Only a client that passed checkValid with the server password can carry this username.
		return server.username().equals(username);
	}

}
