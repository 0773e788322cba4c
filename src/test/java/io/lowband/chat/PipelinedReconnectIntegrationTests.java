package io.lowband.chat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import io.lowband.testing.WeakLink;
import io.lowband.testing.WeakLink.Conditions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A phone on a 3G-like link reconnects the way a good client does (MQTT 3.1.1 and 5, §3.1.4; issue 13): CONNECT,
 * SUBSCRIBE and a chat send in one flight, without waiting for the CONNACK, and gets CONNACK, SUBACK and PUBACK
 * back in one round trip of the link instead of three.
 */
class PipelinedReconnectIntegrationTests {

	/** {@link Conditions#THREE_G} takes 250 to 350 ms each way: two round trips take at least 1,000 ms. */
	private static final long TWO_ROUND_TRIPS_MILLIS = 1_000;

	private static final int CONNACK = 0x20;

	private static final int SUBACK = 0x90;

	private static final int PUBACK = 0x40;

	@TempDir
	Path dataDir;

	@Test
	void connectSubscribeAndSendInOneFlightAreAnsweredInOneRoundTrip() {
		try (RunningApp app = ChatApi.start(dataDir)) {
			ChatApi api = new ChatApi(app);
			ChatUser alice = api.newUser("alice");
			String room = api.createRoom(alice, api.newUser("bob"));
			String phone = "phone-of-" + alice.username();
			try (RawMqtt first = RawMqtt.open(app.mqttPort())) {
				first.send(RawMqtt.connectResuming(phone, alice.username(), alice.token()));
				assertThat(first.readPacketType()).isEqualTo(CONNACK);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}

			try (WeakLink link = WeakLink.to(app.mqttPort(), Conditions.THREE_G, 13);
					RawMqtt raw = RawMqtt.open(link.port())) {
				long start = System.nanoTime();
				raw.send(flight(RawMqtt.connectResuming(phone, alice.username(), alice.token()),
						RawMqtt.subscribe(ChatTopics.messages(room)),
						RawMqtt.publishQos1(ChatTopics.inbound(room, alice.username()), 1,
								"{\"id\":\"pipelined-0001\",\"body\":\"Back on the train\"}")));
				List<Integer> answers = answersUntilPubAck(raw);
				long millis = (System.nanoTime() - start) / 1_000_000;
				System.out.printf("CONNECT + SUBSCRIBE + PUBLISH in one flight over %s: %s in %d ms%n",
						Conditions.THREE_G, answers, millis);
				assertThat(answers).startsWith(CONNACK).contains(SUBACK, PUBACK);
				assertThat(millis).as("one round trip, not two or three").isLessThan(TWO_ROUND_TRIPS_MILLIS);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			assertThat(api.history(alice, room)).extracting((m) -> m.get("id").asString())
				.containsExactly("pipelined-0001");
		}
	}

	/** Packet types, in order, until the PUBACK (a delivery of the stored message may come between). */
	private static List<Integer> answersUntilPubAck(RawMqtt raw) {
		List<Integer> types = new ArrayList<>();
		while (!types.contains(PUBACK)) {
			int type = raw.readPacket().type();
			assertThat(type).as("the server closed the connection after %s", types).isNotNegative();
			types.add(type);
		}
		return types;
	}

	private static byte[] flight(byte[]... packets) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] packet : packets) {
			out.writeBytes(packet);
		}
		return out.toByteArray();
	}

}
