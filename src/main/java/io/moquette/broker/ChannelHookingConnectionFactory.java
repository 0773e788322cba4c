package io.moquette.broker;

import java.util.function.Consumer;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Moquette 0.18 builds every connection's Netty pipeline in private code and offers no way to add a handler to it.
 * Its one shared MQTT handler creates each connection through this package-private factory the moment the channel
 * is active, before any packet is read, so a factory that first hands the channel to Lowband is the earliest
 * reliable hook. It lives in Moquette's package only because the factory is package-private; it delegates all work
 * to Moquette's own factory. Installed by {@code io.lowband.broker.ChannelHooks}.
 */
public final class ChannelHookingConnectionFactory extends MQTTConnectionFactory {

	private final MQTTConnectionFactory delegate;

	private final Consumer<Channel> hook;

	ChannelHookingConnectionFactory(MQTTConnectionFactory delegate, Consumer<Channel> hook) {
		super(null, null, null, null);
		this.delegate = delegate;
		this.hook = hook;
	}

	/** Wraps the factory of Moquette's shared MQTT handler, the one that every transport's pipeline ends with. */
	public static void install(Object mqttHandler, Consumer<Channel> hook) throws ReflectiveOperationException {
		java.lang.reflect.Field field = NewNettyMQTTHandler.class.getDeclaredField("connectionFactory");
		field.setAccessible(true);
		MQTTConnectionFactory current = (MQTTConnectionFactory) field.get(mqttHandler);
		if (!(current instanceof ChannelHookingConnectionFactory)) {
			field.set(mqttHandler, new ChannelHookingConnectionFactory(current, hook));
		}
	}

	/**
	 * Whether Moquette counts a connection as connected: only then does it accept SUBSCRIBE and PUBLISH. It sets
	 * that in a listener on its CONNACK write, which may run after the write completes, so seeing the CONNACK go
	 * out is not enough. Package-private state, hence here.
	 */
	public static boolean isConnected(Channel channel) {
		Object connection = channel.attr(AttributeKey.valueOf("connection")).get();
		return connection instanceof MQTTConnection mqtt && mqtt.isConnected();
	}

	@Override
	MQTTConnection create(Channel channel) {
		hook.accept(channel);
		return delegate.create(channel);
	}

}
