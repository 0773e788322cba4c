package io.lowband.broker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kept sessions, their queued messages and retained messages survive a clean restart of the app on the same data
 * directory. Everything is set up on the first app before all tests; the tests look at the second.
 */
class BrokerRestartIntegrationTests {

	@TempDir
	static Path dataDir;

	static RunningApp app;

	static Clients clients;

	@BeforeAll
	static void leaveStateBehindAndRestart() {
		try (RunningApp before = RunningApp.start(dataDir, Clients.ANONYMOUS_ALLOWED)) {
			Clients clientsBefore = new Clients(before);
			for (Protocol protocol : Protocol.values()) {
				try (TestClient phone = clientsBefore.client(protocol, Transport.TCP, phoneId(protocol))) {
					phone.connectKeepingSession();
					phone.subscribe(inbox(protocol), 1);
					phone.disconnect();
				}
			}
			try (TestClient sender = clientsBefore.client(Protocol.MQTT_5, Transport.TCP)) {
				sender.connect();
				for (Protocol protocol : Protocol.values()) {
					sender.publish(inbox(protocol), "queued 1", 1, false);
					sender.publish(inbox(protocol), "queued 2", 1, false);
				}
				for (int qos = 0; qos <= 1; qos++) {
					sender.publish(retainedTopic(qos), "retained at QoS " + qos, qos, true);
				}
			}
		}
		app = RunningApp.start(dataDir, Clients.ANONYMOUS_ALLOWED);
		clients = new Clients(app);
	}

	@AfterAll
	static void stopApp() {
		app.close();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Protocol.class)
	void aKeptSessionComesBackWithItsQueuedMessagesAndItsSubscription(Protocol protocol) {
		try (TestClient phone = clients.client(protocol, Transport.TCP, phoneId(protocol));
				TestClient sender = clients.client(protocol, Transport.TCP)) {
			assertThat(phone.connectKeepingSession()).as("session present").isTrue();
			List<Received> received = new ArrayList<>(phone.messagesUntil("queued 2"));
			sender.connect();
			sender.publish(inbox(protocol), "after the restart", 1, false);
			received.addAll(phone.messagesUntil("after the restart"));

			// QoS 1 is at least once, and Moquette sometimes repeats queued messages to MQTT 5 clients: this checks
			// that all arrive, in order, not how often.
			assertThat(received).map(Received::text)
				.containsSubsequence("queued 1", "queued 2", "after the restart")
				.containsOnly("queued 1", "queued 2", "after the restart");
		}
	}

	@ParameterizedTest(name = "QoS {0}")
	@ValueSource(ints = { 0, 1 })
	void aRetainedMessageSurvivesTheRestart(int qos) {
		try (TestClient late = clients.client(Protocol.MQTT_5, Transport.TCP)) {
			late.connect();
			late.subscribe(retainedTopic(qos), 1);
			Received received = late.nextMessage();
			assertThat(received.text()).isEqualTo("retained at QoS " + qos);
			assertThat(received.retained()).isTrue();
		}
	}

	private static String phoneId(Protocol protocol) {
		return "phone-" + protocol;
	}

	private static String inbox(Protocol protocol) {
		return "restart/inbox/" + protocol;
	}

	private static String retainedTopic(int qos) {
		return "restart/retained/qos" + qos;
	}

}
