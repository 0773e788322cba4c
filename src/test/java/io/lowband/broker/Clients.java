package io.lowband.broker;

import java.util.UUID;
import java.util.stream.Stream;

import io.lowband.testing.RunningApp;
import org.junit.jupiter.params.provider.Arguments;

/** Makes {@link TestClient}s for one running app. */
final class Clients {

	/**
	 * These tests check MQTT itself on topics outside the chat namespaces, with anonymous clients and raw sockets,
	 * so they switch on the development setting; the chat tests check that the default refuses anonymous clients.
	 */
	static final String ANONYMOUS_ALLOWED = "--lowband.broker.allow-anonymous=true";

	private final RunningApp app;

	private final BrokerEvents events;

	Clients(RunningApp app) {
		this.app = app;
		this.events = BrokerEvents.of(app);
	}

	BrokerEvents events() {
		return events;
	}

	TestClient client(Protocol protocol, Transport transport) {
		return client(protocol, transport, uniqueClientId());
	}

	TestClient client(Protocol protocol, Transport transport, String clientId) {
		return client(protocol, transport, clientId, null);
	}

	TestClient client(Protocol protocol, Transport transport, String clientId, Will will) {
		return client(protocol, transport, transport.port(app), clientId, will);
	}

	/** A client that reaches the broker through {@code port}, for example a {@link CuttableLink}'s. */
	TestClient client(Protocol protocol, Transport transport, int port, String clientId, Will will) {
		return protocol.client(clientId, transport, port, will, events);
	}

	/** Each protocol over each transport, as arguments for a parameterized test. */
	static Stream<Arguments> everyKind() {
		return Stream.of(Protocol.values())
			.flatMap((protocol) -> Stream.of(Transport.values()).map((transport) -> Arguments.of(protocol, transport)));
	}

	/** Each protocol over each transport at each of the given QoS levels. */
	static Stream<Arguments> everyKindAt(Integer... qosLevels) {
		return everyKind().flatMap((kind) -> Stream.of(qosLevels)
			.map((qos) -> Arguments.of(kind.get()[0], kind.get()[1], qos)));
	}

	static String uniqueClientId() {
		return "c-" + UUID.randomUUID();
	}

	static String uniqueTopic() {
		return "test/" + UUID.randomUUID();
	}

}
