package io.lowband.broker;

import java.nio.charset.StandardCharsets;

/** A PUBLISH as a subscriber saw it. */
record Received(String topic, byte[] payload, int qos, boolean retained) {

	String text() {
		return new String(payload, StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		return topic + " '" + text() + "' qos " + qos + (retained ? " retained" : "");
	}

}
