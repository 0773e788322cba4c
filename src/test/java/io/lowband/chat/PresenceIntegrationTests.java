package io.lowband.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import io.lowband.testing.WeakLink;
import io.lowband.testing.WeakLink.Conditions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What others see of someone's presence: online from their first device's connect until their last device is gone,
 * whether it said goodbye, its connection was cut, or its connection died without a word (the broker notices when
 * keep-alive × 1.5 passes in silence).
 */
class PresenceIntegrationTests {

	private static final int KEEP_ALIVE_SECONDS = 2;

	/** The spec's keep-alive × 1.5, plus two seconds for the broker's timer and the app to publish. */
	private static final Duration OFFLINE_WITHIN = Duration.ofMillis(KEEP_ALIVE_SECONDS * 1500 + 2000);

	@TempDir
	static Path dataDir;

	static RunningApp app;

	static ChatApi api;

	@BeforeAll
	static void start() {
		app = ChatApi.start(dataDir);
		api = new ChatApi(app);
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void someoneIsOnlineFromConnectingUntilTheySayGoodbye() {
		ChatUser carol = api.newUser("carol");
		try (ChatClient watcher = watching(carol)) {
			ChatClient phone = ChatClient.mqtt5(app).as(carol).connectOnce();
			assertThat(awaitStatus(watcher, carol, 1)).isEqualTo("online");
			try (ChatClient latecomer = watching(carol)) {
				assertThat(awaitStatus(latecomer, carol, 1)).as("the retained presence").isEqualTo("online");
			}

			phone.close();

			assertThat(awaitStatus(watcher, carol, 2)).isEqualTo("offline");
		}
	}

	@Test
	void withTwoDevicesSomeoneStaysOnlineUntilTheLastOneGoes() {
		ChatUser dave = api.newUser("dave");
		try (ChatClient watcher = watching(dave); WeakLink link = WeakLink.to(app.mqttPort(), Conditions.NONE, 1)) {
			ChatClient phone = ChatClient.mqtt5(app).as(dave).through(link.port()).connectOnce();
			ChatClient laptop = ChatClient.mqtt3(app).overWebSocket().as(dave).connectOnce();
			assertThat(awaitStatus(watcher, dave, 1)).isEqualTo("online");

			laptop.close();

			// Nothing says when a wrong "offline" would come; it would come within milliseconds of the departure.
			await().during(Duration.ofMillis(1500))
				.atMost(ChatClient.WAIT)
				.untilAsserted(() -> assertThat(statuses(watcher, dave)).containsExactly("online"));
			try (ChatClient latecomer = watching(dave)) {
				assertThat(awaitStatus(latecomer, dave, 1)).as("the retained presence").isEqualTo("online");
			}

			link.cut();

			assertThat(awaitStatus(watcher, dave, 2)).isEqualTo("offline");
			phone.close();
		}
	}

	@Test
	void aCutConnectionTurnsSomeoneOfflineWithoutADisconnect() {
		Duration tookFor = offlineAfter(api.newUser("erin"), WeakLink::cut);
		System.out.printf("Presence: offline %d ms after the connection was cut (keep-alive %d s)%n",
				tookFor.toMillis(), KEEP_ALIVE_SECONDS);
		assertThat(tookFor).isLessThanOrEqualTo(OFFLINE_WITHIN);
	}

	@Test
	void aConnectionThatDiesWithoutAWordTurnsSomeoneOfflineWithinOneAndAHalfKeepAlives() {
		Duration tookFor = offlineAfter(api.newUser("frank"), WeakLink::silence);
		System.out.printf("Presence: offline %d ms after the connection went silent (keep-alive %d s, so the "
				+ "broker may wait %d ms)%n", tookFor.toMillis(), KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS * 1500);
		assertThat(tookFor).isLessThanOrEqualTo(OFFLINE_WITHIN);
	}

	/** Connects the person's phone through a link, breaks the link that way, and times the move to offline. */
	private static Duration offlineAfter(ChatUser person, Consumer<WeakLink> breaking) {
		try (ChatClient watcher = watching(person); WeakLink link = WeakLink.to(app.mqttPort(), Conditions.NONE, 1)) {
			ChatClient phone = ChatClient.mqtt5(app)
				.as(person)
				.through(link.port())
				.keepAlive(KEEP_ALIVE_SECONDS)
				.connectOnce();
			assertThat(awaitStatus(watcher, person, 1)).isEqualTo("online");

			long broken = System.nanoTime();
			breaking.accept(link);

			Duration tookFor = awaitOffline(watcher, person, broken);
			phone.close();
			return tookFor;
		}
	}

	@Test
	void aPhoneThatReconnectsBeforeItsDeadConnectionIsNoticedStaysOnline() {
		ChatUser gina = api.newUser("gina");
		String phoneId = gina.username() + "-phone";
		try (ChatClient watcher = watching(gina); WeakLink link = WeakLink.to(app.mqttPort(), Conditions.NONE, 1)) {
			ChatClient.Options phone = ChatClient.mqtt5(app).as(gina).clientId(phoneId).keepAlive(KEEP_ALIVE_SECONDS);
			ChatClient before = phone.through(link.port()).connectOnce();
			assertThat(awaitStatus(watcher, gina, 1)).isEqualTo("online");

			link.silence();
			ChatClient after = phone.connectOnce();

			// The dead connection's keep-alive runs out meanwhile; the phone is still there on its new one.
			await().during(OFFLINE_WITHIN)
				.atMost(OFFLINE_WITHIN.plusSeconds(5))
				.untilAsserted(() -> assertThat(statuses(watcher, gina)).containsExactly("online"));
			after.close();
			assertThat(awaitStatus(watcher, gina, 2)).isEqualTo("offline");
			before.close();
		}
	}

	/** Someone else, subscribed to the person's presence. */
	private static ChatClient watching(ChatUser person) {
		ChatClient watcher = ChatClient.mqtt5(app).as(api.newUser("watcher")).connect();
		assertThat(watcher.subscribe(ChatTopics.presence(person.username()))).isTrue();
		return watcher;
	}

	private static List<String> statuses(ChatClient watcher, ChatUser person) {
		return watcher.on(ChatTopics.presence(person.username()))
			.stream()
			.map((p) -> p.get("status").asString())
			.toList();
	}

	/** The status in the {@code nth} presence message the watcher received. */
	private static String awaitStatus(ChatClient watcher, ChatUser person, int nth) {
		List<JsonNode> seen = watcher.awaitCount(ChatTopics.presence(person.username()), nth);
		return seen.get(nth - 1).get("status").asString();
	}

	/** Waits for "offline" and says how long after {@code since} (a nanoTime) it arrived. */
	private static Duration awaitOffline(ChatClient watcher, ChatUser person, long since) {
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> statuses(watcher, person).contains("offline"));
		return Duration.ofNanos(System.nanoTime() - since);
	}

}
