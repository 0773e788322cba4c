package io.lowband.broker;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;

/**
 * Lowband's handlers on every client connection, and the state they share across connections: the CONNECT checks
 * ({@link Admissions}), the bad-input log and counters, and the count of publishes the server took and has not
 * answered yet ({@link PendingSends}).
 */
final class EdgeHandlers {

	private final BrokerSettings settings;

	private final BrokerAccess access;

	private final EdgeIntake intake;

	private final Admissions admissions;

	private final BadInput badInput;

	private final PendingSends pendingSends;

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
	void install(Channel channel) {
		ChannelHooks.markHooked(channel);
		// Right behind the codec: before Moquette's packet logger, which turns a malformed packet into a stack trace.
		channel.pipeline()
			.addAfter("encoder", EdgeGate.NAME, new EdgeGate(admissions, access, badInput, settings));
		// The intake before InboundPublishes: the acknowledgements that one writes itself then queue in order too.
		channel.pipeline()
			.addBefore("handler", IntakeHandler.NAME,
					new IntakeHandler(intake, settings.maxPendingSends(), pendingSends));
		channel.pipeline().addBefore("handler", InboundPublishes.NAME, new InboundPublishes(access));
	}

}
