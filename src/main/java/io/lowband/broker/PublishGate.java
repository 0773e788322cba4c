package io.lowband.broker;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Decides when the broker may acknowledge a client's QoS 1 publish. Moquette sends PUBACK as soon as it has queued
 * the message for its subscribers, in memory; a feature that must store a message before the sender may forget it
 * returns a stage that completes once it is stored (or refused for good), and the PUBACK waits for it. PUBACKs to
 * one client still go out in the order of its publishes.
 */
public interface PublishGate {

	/** Acknowledges everything at once, as a plain broker does. */
	PublishGate NONE = (username, topic, payload) -> null;

	/**
	 * Called on the connection's I/O thread for each QoS 1 publish as it arrives, before the broker routes it, so it
	 * must be quick and must not block. The payload is a view of the packet, valid only during the call.
	 * @return when the PUBACK may go out, or null to acknowledge at once
	 */
	CompletionStage<?> acknowledgeWhen(String username, String topic, ByteBuffer payload);

}
