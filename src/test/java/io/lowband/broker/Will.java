package io.lowband.broker;

/** The message a client asks the broker to publish if the client goes away without saying goodbye. */
record Will(String topic, String payload, int qos) {
}
