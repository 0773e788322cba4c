package io.lowband.broker;

import io.lowband.broker.ConnectVerdict.Refused;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;

/** The CONNACK a refused client gets, per MQTT version (the table in docs/protocol.md). */
final class ConnectRefusals {

	private ConnectRefusals() {
	}

	static MqttConnAckMessage connAck(Refused refused, boolean mqtt5) {
		MqttMessageBuilders.ConnAckBuilder ack = MqttMessageBuilders.connAck()
			.sessionPresent(false)
			.returnCode(mqtt5 ? v5(refused) : v3(refused));
		if (mqtt5) {
			ack.properties((p) -> p.reasonString(reason(refused)));
		}
		return ack.build();
	}

	private static MqttConnectReturnCode v3(Refused refused) {
		return switch (refused.reason()) {
			case BAD_CREDENTIALS -> MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
			case CLIENT_ID_TAKEN -> MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
			case BUSY, UNAVAILABLE -> MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
		};
	}

	private static MqttConnectReturnCode v5(Refused refused) {
		return switch (refused.reason()) {
			case BAD_CREDENTIALS -> MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD;
			case CLIENT_ID_TAKEN -> MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID;
			case BUSY -> MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY;
			case UNAVAILABLE -> MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5;
		};
	}

	private static String reason(Refused refused) {
		return switch (refused.reason()) {
			case BAD_CREDENTIALS -> "Unknown user, or wrong password or token";
			case CLIENT_ID_TAKEN -> "This client id belongs to someone else; pick another";
			case BUSY -> "Too many attempts; try again in " + Math.max(1, refused.retryAfter().toSeconds()) + " s";
			case UNAVAILABLE -> "The server is not accepting connections right now";
		};
	}

}
