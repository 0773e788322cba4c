package io.lowband.chat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/prometheus} after a short chat shows each product metric with a plausible value, and answers
 * nobody but operators.
 */
class PrometheusScrapeIntegrationTests {

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(ChatApi.FAST_SIGN_IN, "--lowband.web.operators=metrics-ops");

	static RunningApp app;

	static ChatApi api;

	static ChatUser operator;

	@BeforeAll
	static void start() {
		app = shared.app();
		api = new ChatApi(app);
		assertThat(api.post("/api/users", null, Map.of("username", "metrics-ops", "password", "operator password"))
			.status()).isEqualTo(201);
		operator = api.signIn("metrics-ops", "operator password");
	}

	@Test
	void strangersAndUsersAreRefused() {
		ChatUser user = api.newUser("curious");
		assertThat(api.call("GET", "/actuator/prometheus", null, null).status()).isEqualTo(401);
		assertThat(api.get("/actuator/prometheus", user).status()).isEqualTo(403);
	}

	@Test
	void aShortChatShowsInEveryProductMetric() throws IOException {
		ChatUser alice = api.newUser("alice");
		ChatUser bob = api.newUser("bob");
		String room = api.createRoom(alice, bob);
		String messages = ChatTopics.messages(room);
		String inbox = ChatTopics.inbox(bob.username());
		try (ChatClient phone = ChatClient.mqtt5(app).as(alice).connect();
				ChatClient browser = ChatClient.mqtt5(app).as(bob).overWebSocket().connect()) {
			assertThat(browser.subscribe(messages)).isTrue();
			assertThat(browser.subscribe(inbox)).isTrue();
			for (int i = 1; i <= 3; i++) {
				ChatClient.awaitAck(phone.send(room, alice.username(), "scrape-000" + i, "hello " + i));
			}
			ChatClient.awaitAck(phone.send(room, alice.username(), "scrape-0001", "hello 1")); // a resend
			ChatClient.awaitRefusal(phone.publish(ChatTopics.inbound(room, alice.username()), "this is not JSON"));
			browser.awaitCount(messages, 3);
			ChatClient.awaitAck(browser.publish("users/" + bob.username() + "/sync",
					ChatApi.JSON.writeValueAsString(Map.of("rooms", Map.of(room, 0L)))));
			browser.awaitMessage(inbox, (e) -> e.get("type").asString().equals("synced"));

			String scrape = scrape();

			assertThat(value(scrape, "lowband_mqtt_connections{transport=\"tcp\"}")).isGreaterThanOrEqualTo(1);
			assertThat(value(scrape, "lowband_mqtt_connections{transport=\"websocket\"}")).isGreaterThanOrEqualTo(1);
			assertThat(value(scrape, "lowband_presence_online")).isGreaterThanOrEqualTo(2);
			assertThat(value(scrape, "lowband_mqtt_sends_pending")).isZero();
			assertThat(value(scrape, "lowband_ingest_sends_received_total")).isGreaterThanOrEqualTo(4);
			assertThat(value(scrape, "lowband_ingest_sends_stored_total")).isGreaterThanOrEqualTo(3);
			assertThat(value(scrape, "lowband_ingest_sends_duplicates_total")).isGreaterThanOrEqualTo(1);
			assertThat(value(scrape, "lowband_ingest_rejected_total{reason=\"malformed\"}")).isGreaterThanOrEqualTo(1);
			assertThat(value(scrape, "lowband_ingest_batch_size_count")).isGreaterThanOrEqualTo(1);
			assertThat(value(scrape, "lowband_ingest_batch_store_seconds_count")).isGreaterThanOrEqualTo(1);
			assertThat(value(scrape, "lowband_ingest_sends_answered_seconds_count")).isGreaterThanOrEqualTo(4);
			assertThat(value(scrape, "lowband_ingest_sends_answered_seconds_max")).isPositive().isLessThan(10);
			assertThat(value(scrape, "lowband_fanout_published_total{kind=\"message\"}")).isGreaterThanOrEqualTo(3);
			assertThat(value(scrape, "lowband_catchup_requests_total")).isGreaterThanOrEqualTo(1);
			assertThat(value(scrape, "lowband_catchup_pages_total")).isGreaterThanOrEqualTo(1);
			assertThat(dashboardMetrics()).isNotEmpty().allSatisfy((name) -> assertThat(scrape).containsPattern(
					"(?m)^" + name + "(_bucket|_sum|_count|_max)?[{ ]"));
		}
	}

	/** The metrics the Grafana dashboard in docs/ draws: each must be in the scrape, or a panel stays empty. */
	private static Set<String> dashboardMetrics() throws IOException {
		String dashboard = Files.readString(Path.of("docs", "grafana-dashboard.json"));
		Set<String> names = new TreeSet<>();
		Matcher metric = Pattern.compile("(?:lowband|jvm)_[a-z_]+").matcher(dashboard);
		while (metric.find()) {
			names.add(metric.group().replaceAll("_(bucket|sum|count|max)$", ""));
		}
		return names;
	}

	private static String scrape() {
		ChatApi.Reply reply = api.get("/actuator/prometheus", operator);
		assertThat(reply.status()).isEqualTo(200);
		return reply.text();
	}

	/** The sample of one series: its name, then its labels as Prometheus writes them, or none. */
	private static double value(String scrape, String series) {
		String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
		String labels = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : "";
		Matcher sample = Pattern
			.compile("(?m)^" + Pattern.quote(name) + "(?:\\{([^}]*)\\})? ([-+0-9.eE]+|NaN)$")
			.matcher(scrape);
		while (sample.find()) {
			String found = (sample.group(1) != null) ? sample.group(1) : "";
			if (found.contains(labels)) {
				return Double.parseDouble(sample.group(2));
			}
		}
		throw new AssertionError("No sample of " + series + " in the scrape:\n" + scrape);
	}

}
