package io.lowband.broker;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;

/**
 * Lowband's handlers on every client connection, and the state they share across connections: the CONNECT checks
 * ({@link Admissions}), the bad-input log and counters, and the count of sends waiting to be stored.
 */
final class EdgeHandlers {

	private final BrokerSettings settings;

	private final BrokerAccess access;

	private final PublishGate gate;

	private final Admissions admissions;

	private final BadInput badInput;

	private final AtomicInteger pendingSends;

	EdgeHandlers(BrokerSettings settings, BrokerAccess access, PublishGate gate, ServerCredentials server,
			MeterRegistry meters) {
		this.settings = settings;
		this.access = access;
		this.gate = gate;
		this.admissions = new Admissions(access, server, settings.allowAnonymous());
		this.badInput = new BadInput(meters);
		this.pendingSends = meters.gauge("lowband.mqtt.sends.pending", new AtomicInteger());
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
		channel.pipeline().addBefore("handler", InboundPublishes.NAME, new InboundPublishes(access));
		if (gate != PublishGate.NONE) {
			channel.pipeline()
				.addBefore("handler", AcknowledgementHold.NAME,
						new AcknowledgementHold(gate, settings.maxPendingSends(), pendingSends));
		}
	}

}
