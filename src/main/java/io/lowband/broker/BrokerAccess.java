package io.lowband.broker;

import java.util.concurrent.CompletionStage;

/**
 * Who may connect, read and write. The broker asks; features that know users and rooms answer. With no
 * implementation in the context, the broker lets everyone in (see {@link OpenBrokerAccess}).
 */
public interface BrokerAccess {

	/**
	 * Whether a client may connect: its credentials, and whether its client id is its own. The broker calls this
	 * off its network threads, so it may block (password hashing, a database read); the verdict may also come later
	 * (a write shared with other connects).
	 */
	CompletionStage<ConnectVerdict> admit(ConnectAttempt attempt);

	/** Whether a client may subscribe to a topic filter (wildcards included). */
	boolean mayRead(String clientId, String username, String topicFilter);

	/**
	 * Asked at start for each shared subscription the broker kept on disk: whether it may stay. Versions before the
	 * edge checked shared subscriptions registered refused ones too; this removes them.
	 */
	default boolean mayKeep(String clientId, String topicFilter) {
		return mayRead(clientId, null, topicFilter);
	}

	/** Whether a client may publish on a topic. */
	boolean mayWrite(String clientId, String username, String topic);

	/**
	 * Whether what clients publish on a topic is only for those listening now, such as "typing…": the broker then
	 * delivers it at QoS 0 and never retains or queues it, whatever QoS and retain flag the client asked for.
	 */
	default boolean isEphemeral(String topic) {
		return false;
	}

}
