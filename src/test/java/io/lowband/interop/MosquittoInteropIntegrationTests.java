package io.lowband.interop;

import static io.lowband.interop.MosquittoClients.PUB;
import static io.lowband.interop.MosquittoClients.STDBUF;
import static io.lowband.interop.MosquittoClients.SUB;
import static io.lowband.interop.MosquittoClients.messagesOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.lowband.interop.MosquittoProcess.Received;
import io.lowband.testing.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Debian's mosquitto_pub and mosquitto_sub, an MQTT implementation Lowband shares no code with, talk to the
 * embedded broker. Each test uses its own topics, so retained messages do not leak between tests.
 */
class MosquittoInteropIntegrationTests {

	@TempDir
	static Path dir;

	/** Why these tests cannot run on this machine, or null when they can. */
	static String missing;

	static final String USER = "interop";

	static final String PASSWORD = "interop-password";

	static RunningApp app;

	static MosquittoClients mosquitto;

	@BeforeAll
	static void startApp() {
		missing = missingExecutable();
		if (missing == null) {
			app = RunningApp.start(dir.resolve("data"));
			app.register(USER, PASSWORD);
			mosquitto = new MosquittoClients(app.mqttPort(), dir.resolve("mosquitto-config"), USER, PASSWORD);
		}
	}

	// An assumption that fails in @BeforeAll leaves no trace in the failsafe report; here each test shows as skipped.
	@BeforeEach
	void needsMosquittoClients() {
		assumeTrue(missing == null, () -> missing);
	}

	@AfterAll
	static void stopApp() {
		if (app != null) {
			app.close();
		}
	}

	@ParameterizedTest(name = "{0} QoS {1}")
	@CsvSource({ "mqttv311, 0", "mqttv311, 1", "mqttv311, 2", "mqttv5, 0", "mqttv5, 1", "mqttv5, 2" })
	void subReceivesWhatPubSends(String version, int qos) throws Exception {
		String topic = "interop/" + version + "/qos" + qos;
		try (MosquittoProcess sub = mosquitto.subscribed(1, "-V", version, "-q", "2", "-t", topic)) {
			mosquitto.pub("-V", version, "-q", Integer.toString(qos), "-t", topic, "-m", "hello at QoS " + qos);

			assertThat(messagesOf(sub)).containsExactly(new Received(topic, "hello at QoS " + qos, qos, false));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "mqttv311", "mqttv5" })
	void wildcardSubscriptionsMatchLevelsAsMqttSays(String version) throws Exception {
		String root = "interop/wild/" + version;
		try (MosquittoProcess sub = mosquitto.subscribed(3, "-V", version, "-q", "1", "-t", root + "/lobby/#", "-t",
				root + "/room/+/typing")) {
			// Published first: had it matched, it would be among the three messages the subscriber keeps.
			publishQos1(version, root + "/room/7/read", "not for this subscriber");
			publishQos1(version, root + "/lobby/a/b", "deep");
			publishQos1(version, root + "/room/7/typing", "one level");
			publishQos1(version, root + "/lobby", "parent");

			assertThat(messagesOf(sub)).extracting(Received::payload).containsExactly("deep", "one level", "parent");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "mqttv311", "mqttv5" })
	void laterSubscriberGetsTheRetainedMessage(String version) throws Exception {
		String topic = "interop/retained/" + version;
		mosquitto.pub("-V", version, "-q", "1", "-r", "-t", topic, "-m", "older");
		mosquitto.pub("-V", version, "-q", "1", "-r", "-t", topic, "-m", "newest");

		try (MosquittoProcess sub = mosquitto.subscribed(1, "-V", version, "-q", "1", "-t", topic)) {
			assertThat(messagesOf(sub)).containsExactly(new Received(topic, "newest", 1, true));
		}
	}

	@Test
	void clientsWithoutAnIdAreAccepted() throws Exception {
		String v311 = mosquitto.pub("-V", "mqttv311", "-t", "interop/no-client-id", "-m", "x");
		assertThat(v311).contains("Client (null) sending CONNECT", "Client (null) received CONNACK (0)");

		// MQTT 5 requires the server to assign an id [MQTT-3.2.2-16]; mosquitto prints it from then on.
		String v5 = mosquitto.pub("-V", "mqttv5", "-t", "interop/no-client-id", "-m", "x");
		assertThat(v5).contains("Client (null) sending CONNECT")
			.containsPattern("Client [^( ]+ received CONNACK \\(0\\)");
	}

	@Test
	void subReceivesWhatHiveMqPublishes() throws Exception {
		String topic = "interop/hivemq";
		Mqtt5BlockingClient hivemq = MqttClient.builder()
			.useMqttVersion5()
			.serverHost("127.0.0.1")
			.serverPort(app.mqttPort())
			.simpleAuth()
			.username(USER)
			.password(PASSWORD.getBytes(StandardCharsets.UTF_8))
			.applySimpleAuth()
			.buildBlocking();
		try (MosquittoProcess sub = mosquitto.subscribed(1, "-V", "mqttv311", "-q", "2", "-t", topic)) {
			hivemq.connect();
			try {
				hivemq.publishWith()
					.topic(topic)
					.qos(MqttQos.EXACTLY_ONCE)
					.payload("from HiveMQ".getBytes(StandardCharsets.UTF_8))
					.send();
			}
			finally {
				hivemq.disconnect();
			}

			assertThat(messagesOf(sub)).containsExactly(new Received(topic, "from HiveMQ", 2, false));
		}
	}

	private static String missingExecutable() {
		for (String client : new String[] { PUB, SUB }) {
			if (MosquittoClients.installed(client).isEmpty()) {
				return client + " is not on the PATH; install the Debian package mosquitto-clients (.ci/run does)";
			}
		}
		if (MosquittoClients.installed(STDBUF).isEmpty()) {
			return "stdbuf (GNU coreutils) is not on the PATH; it makes mosquitto_sub print its SUBACK line at once";
		}
		return null;
	}

	private static void publishQos1(String version, String topic, String payload) throws InterruptedException {
		mosquitto.pub("-V", version, "-q", "1", "-t", topic, "-m", payload);
	}

}
