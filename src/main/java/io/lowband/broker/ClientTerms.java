package io.lowband.broker;

import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;

/**
 * What the server grants an MQTT 5 client at CONNECT, hands Moquette in the CONNECT it reads, and states in the
 * CONNACK: how long its session outlives the connection ({@link SessionTerms}), the keep alive it must keep (a
 * client that asks for more than {@code lowband.broker.max-keep-alive}, or for none, gets that, MQTT 5
 * §3.2.2.3.14; Moquette's own {@code server_keep_alive} would force one value on every client, MQTT 3.1.1 ones
 * too, who cannot be told), and the server's limits: how many sends may wait for their answer (Receive Maximum,
 * the one {@link IntakeHandler} and {@link ReceiveQuota} keep, where Moquette announces its own much larger one)
 * and its Maximum Packet Size.
 *
 * @param session how long the session is kept
 * @param keepAlive seconds the client must keep alive, 0 for none
 * @param keepAliveSet whether the server set it, rather than taking what the client asked
 * @param receiveMaximum the server's Receive Maximum
 * @param maxPacketBytes the server's Maximum Packet Size
 */
record ClientTerms(SessionTerms session, int keepAlive, boolean keepAliveSet, int receiveMaximum, int maxPacketBytes) {

	static ClientTerms of(MqttConnectMessage connect, BrokerSettings settings) {
		int asked = connect.variableHeader().keepAliveTimeSeconds();
		int max = (int) settings.maxKeepAlive().toSeconds();
		int granted = (max > 0 && (asked == 0 || asked > max)) ? max : asked;
		return new ClientTerms(SessionTerms.of(connect, settings.sessionExpiry()), granted, granted != asked,
				settings.maxPendingSends(), settings.maxMessageBytes());
	}

	/** The CONNECT as Moquette must read it: with the granted session expiry and keep alive. */
	MqttConnectMessage stated(MqttConnectMessage connect) {
		MqttConnectVariableHeader header = connect.variableHeader();
		MqttProperties properties = new MqttProperties();
		header.properties().listAll().forEach(properties::add);
		properties.add(session.property());
		MqttConnectVariableHeader stated = new MqttConnectVariableHeader(header.name(), header.version(),
				header.hasUserName(), header.hasPassword(), header.isWillRetain(), header.willQos(), header.isWillFlag(),
				header.isCleanSession(), keepAlive, properties);
		return new MqttConnectMessage(connect.fixedHeader(), stated, connect.payload());
	}

	/** Puts what was granted into the CONNACK's properties, over what Moquette put there. */
	void state(MqttProperties connAck) {
		connAck.add(new IntegerProperty(MqttPropertyType.RECEIVE_MAXIMUM.value(), receiveMaximum));
		connAck.add(session.property());
		connAck.add(new IntegerProperty(MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), maxPacketBytes));
		if (keepAliveSet) {
			connAck.add(new IntegerProperty(MqttPropertyType.SERVER_KEEP_ALIVE.value(), keepAlive));
		}
	}

}
