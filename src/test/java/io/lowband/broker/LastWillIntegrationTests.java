package io.lowband.broker;

import java.io.IOException;
import java.time.Duration;

import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static io.lowband.broker.Clients.uniqueClientId;
import static io.lowband.broker.Clients.uniqueTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Last wills: published when a client vanishes or falls silent, and not when it says goodbye. */
class LastWillIntegrationTests {

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(Clients.ANONYMOUS_ALLOWED);

	static RunningApp app;

	static Clients clients;

	@BeforeAll
	static void startApp() {
		app = shared.app();
		clients = new Clients(app);
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("io.lowband.broker.Clients#everyKind")
	void aClientWhoseConnectionDropsHasItsWillPublished(Protocol protocol, Transport transport) throws IOException {
		String willTopic = uniqueTopic();
		try (TestClient watcher = clients.client(protocol, transport);
				CuttableLink link = CuttableLink.to(transport.port(app));
				TestClient phone = clients.client(protocol, transport, link.port(), uniqueClientId(),
						new Will(willTopic, "phone lost", 1))) {
			watcher.connect();
			watcher.subscribe(willTopic, 1);
			phone.connect();

			link.cut();

			Received will = watcher.nextMessage();
			assertThat(will.topic()).isEqualTo(willTopic);
			assertThat(will.text()).isEqualTo("phone lost");
			assertThat(will.qos()).isEqualTo(1);
		}
	}

	@ParameterizedTest(name = "{0} over {1}")
	@MethodSource("io.lowband.broker.Clients#everyKind")
	void aClientThatDisconnectsCleanlyHasNoWillPublished(Protocol protocol, Transport transport) {
		String willTopic = uniqueTopic();
		String phoneId = uniqueClientId();
		try (TestClient watcher = clients.client(protocol, transport);
				TestClient phone = clients.client(protocol, transport, phoneId, new Will(willTopic, "phone lost", 1))) {
			watcher.connect();
			watcher.subscribe(willTopic, 1);
			phone.connect();

			phone.disconnect();
			clients.events().awaitDisconnected(phoneId);
			watcher.publish(willTopic, "after goodbye", 1, false);

			assertThat(watcher.nextMessage().text()).isEqualTo("after goodbye");
		}
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Protocol.class)
	void theAppHearsOfEachDepartureOnceAndHowItHappened(Protocol protocol) throws IOException {
		String politeId = uniqueClientId();
		String lostId = uniqueClientId();
		try (CuttableLink link = CuttableLink.to(app.mqttPort());
				TestClient polite = clients.client(protocol, Transport.TCP, politeId);
				TestClient phone = clients.client(protocol, Transport.TCP, link.port(), lostId, null)) {
			polite.connect();
			phone.connect();

			polite.disconnect();
			link.cut();

			clients.events().awaitDisconnected(politeId);
			clients.events().awaitDisconnected(lostId);
			// Nothing says when a second, wrong report would come; it came within milliseconds when there was one.
			await().during(Duration.ofMillis(500)).atMost(TestClient.WAIT).untilAsserted(() -> {
				assertThat(clients.events().departures(politeId)).extracting(ClientDisconnected::clean).containsExactly(true);
				assertThat(clients.events().departures(lostId)).extracting(ClientDisconnected::clean).containsExactly(false);
			});
		}
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Protocol.class)
	void aClientThatFallsSilentIsDisconnectedAfterItsKeepAliveAndItsWillPublished(Protocol protocol)
			throws IOException {
		String willTopic = uniqueTopic();
		try (TestClient watcher = clients.client(protocol, Transport.TCP)) {
			watcher.connect();
			watcher.subscribe(willTopic, 1);

			try (RawMqttConnection silent = RawMqttConnection.connect(app.mqttPort(), protocol, uniqueClientId(), 1,
					new Will(willTopic, "went quiet", 1))) {
				// MQTT allows 1.5 keep-alive periods, Moquette rounds that to whole seconds; this bound is deliberately
				// loose, yet below the 10 s Moquette gives a connection before its CONNECT.
				silent.awaitClosedByBroker(Duration.ofSeconds(6));
			}

			Received will = watcher.nextMessage();
			assertThat(will.topic()).isEqualTo(willTopic);
			assertThat(will.text()).isEqualTo("went quiet");
		}
	}

}
