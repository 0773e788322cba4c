package io.lowband.broker;

import java.time.Duration;
import java.util.OptionalLong;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;

/**
 * How long an MQTT 5 client's session outlives its connection: what its CONNECT asks (MQTT 5 §3.1.2.11.2, absent
 * means 0) capped by {@code lowband.broker.session-expiry}. Moquette 0.18 reads an absent interval as its own
 * maximum, reads 0xFFFFFFFF as -1, reports its maximum in every CONNACK whatever it granted, and drops QoS 1
 * messages for an away session begun with Clean Start however long that session was asked to be kept
 * (Session.sendPublishQos1); the edge hands Moquette the granted interval ({@link ClientTerms}), tells the client,
 * and marks such a session as one that keeps its messages. Moquette also ignores the interval a DISCONNECT sets;
 * the edge sets it.
 *
 * @param granted seconds the session is kept after its connection ends
 * @param freshButKept begun with Clean Start, and kept after the connection ends
 * @param max the server's cap
 */
record SessionTerms(long granted, boolean freshButKept, long max) {

	private static final int SESSION_EXPIRY = MqttPropertyType.SESSION_EXPIRY_INTERVAL.value();

	static SessionTerms of(MqttConnectMessage connect, Duration max) {
		MqttProperties.MqttProperty<?> asked = connect.variableHeader().properties().getProperty(SESSION_EXPIRY);
		long requested = (asked != null && asked.value() instanceof Integer seconds) ? Integer.toUnsignedLong(seconds)
				: 0;
		long granted = Math.min(requested, max.toSeconds());
		return new SessionTerms(granted, connect.variableHeader().isCleanSession() && granted > 0, max.toSeconds());
	}

	/**
	 * The interval a DISCONNECT sets, capped; empty when it sets none.
	 * @throws IllegalArgumentException when it sets one after a CONNECT without (a protocol error, MQTT 5 §3.14.2.2.2)
	 */
	OptionalLong setBy(MqttMessage disconnect) {
		if (!(disconnect.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header)
				|| !(header.properties().getProperty(SESSION_EXPIRY) instanceof IntegerProperty asked)) {
			return OptionalLong.empty();
		}
		long seconds = Integer.toUnsignedLong(asked.value());
		if (granted == 0 && seconds > 0) {
			throw new IllegalArgumentException("a Session Expiry Interval in DISCONNECT after none in CONNECT");
		}
		return OptionalLong.of(Math.min(seconds, max));
	}

	/** For the CONNACK, which must say what was granted when it differs from what was asked. */
	IntegerProperty property() {
		return new IntegerProperty(SESSION_EXPIRY, (int) granted);
	}

}
