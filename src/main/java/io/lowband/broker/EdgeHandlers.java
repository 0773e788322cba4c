package io.lowband.broker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * Lowband's handlers on every client connection, and the state they share across connections: the CONNECT checks
 * ({@link Admissions}), the bad-input log and counters, and the count of publishes the server took and has not
 * answered yet ({@link PendingSends}).
 */
final class EdgeHandlers {

	/**
	 * Moquette's packet logger and its byte and message counters, on every connection. Lowband reads none of them
	 * (its own meters count what matters) and each costs every packet: the logger sets its MDC entries even when
	 * its log level is off.
	 */
	private static final List<String> UNUSED_MOQUETTE_HANDLERS = List.of("messageLogger", "metrics", "bytemetrics");

	private final BrokerSettings settings;

	private final BrokerAccess access;

	private final EdgeIntake intake;

	private final Admissions admissions;

	private final BadInput badInput;

	private final PendingSends pendingSends;

	private final SubscriptionIds subscriptionIds = new SubscriptionIds();

	/** Every client connection; Netty drops closed ones. */
	private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	private volatile boolean closing;

	EdgeHandlers(BrokerSettings settings, BrokerAccess access, EdgeIntake intake, ServerCredentials server,
			MeterRegistry meters) {
		this.settings = settings;
		this.access = access;
		this.intake = intake;
		this.admissions = new Admissions(access, server, settings.allowAnonymous());
		this.badInput = new BadInput(meters);
		this.pendingSends = new PendingSends(meters.gauge("lowband.mqtt.sends.pending", new AtomicInteger()),
				settings.maxPendingSendsTotal());
	}

	Admissions admissions() {
		return admissions;
	}

	/** Adds the handlers to a new connection, before it reads its first packet. */
	void install(Channel channel, RetainedQos0 retained) {
		ChannelHooks.markHooked(channel);
		channels.add(channel);
		if (closing) {
			channel.close();
			return;
		}
		UNUSED_MOQUETTE_HANDLERS.stream()
			.filter((name) -> channel.pipeline().get(name) != null)
			.forEach(channel.pipeline()::remove);
		// Right behind the codec, where a malformed packet is closed before Moquette turns it into a stack trace.
		channel.pipeline()
			.addAfter("encoder", EdgeGate.NAME, new EdgeGate(admissions, access, badInput, settings));
		channel.pipeline()
			.addAfter(EdgeGate.NAME, ReceiveQuota.NAME, new ReceiveQuota(settings.maxPendingSends(), badInput));
		// Outside the gate, so that they shape what the client receives last, and see what it sends as it sent it.
		channel.pipeline().addAfter("encoder", Deliveries.NAME, new Deliveries());
		channel.pipeline()
			.addAfter(Deliveries.NAME, SubscriptionIdentifiers.NAME, new SubscriptionIdentifiers(subscriptionIds));
		// The intake before InboundPublishes: the acknowledgements that one writes itself then queue in order too.
		channel.pipeline()
			.addBefore("handler", IntakeHandler.NAME,
					new IntakeHandler(intake, settings.maxPendingSends(), pendingSends));
		channel.pipeline().addBefore("handler", InboundPublishes.NAME, new InboundPublishes(access, retained));
	}

	/** Takes connections again after {@link #closeAll}: the broker may be started again. */
	void open() {
		closing = false;
	}

	/**
	 * Closes every client connection and refuses new ones, and returns once each connection's event loop has run
	 * what the close started (Moquette then has the lost connections on its session loops).
	 */
	void closeAll(Duration wait) {
		closing = true;
		List<Channel> open = List.copyOf(channels);
		channels.close().awaitUninterruptibly(wait.toMillis());
		for (Channel channel : open) {
			channel.eventLoop().submit(() -> { }).awaitUninterruptibly(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

}
