package io.lowband.broker;

import java.util.concurrent.CompletionStage;

/**
 * Publishes the server consumes itself, where they arrive, instead of the broker routing them (chat sends and
 * requests). The broker asks for every publish a connected client sends, after the access checks; what is taken
 * never reaches Moquette, and its PUBACK (or PUBREC) goes out when the returned stage completes, in the order the
 * connection sent its publishes.
 */
public interface EdgeIntake {

	/** Takes nothing: the broker routes every publish, as a plain broker does. */
	EdgeIntake NONE = new EdgeIntake() {

		@Override
		public boolean takes(String topic) {
			return false;
		}

		@Override
		public CompletionStage<PublishOutcome> take(String username, String topic, byte[] payload) {
			throw new UnsupportedOperationException("takes nothing");
		}

	};

	/** Whether publishes on this topic are the server's to take. Called on an I/O thread for every publish. */
	boolean takes(String topic);

	/**
	 * Takes a publish on a topic it {@link #takes}. Called on the connection's I/O thread, so it must be quick and
	 * must not block.
	 * @param payload a copy, the callee's to keep
	 * @return when the publish is dealt with, and how; a failed stage closes the connection unacknowledged
	 */
	CompletionStage<PublishOutcome> take(String username, String topic, byte[] payload);

}
