package io.lowband.broker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lowband.testing.RunningApp;
import org.awaitility.core.ConditionFactory;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;

import static org.awaitility.Awaitility.await;

/** The broker's {@link ClientConnected} and {@link ClientDisconnected} events, as a running app publishes them. */
final class BrokerEvents implements ApplicationListener<ApplicationEvent> {

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private BrokerEvents() {
	}

	static BrokerEvents of(RunningApp app) {
		BrokerEvents events = new BrokerEvents();
		app.context().addApplicationListener(events);
		return events;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof PayloadApplicationEvent<?> payload
				&& (payload.getPayload() instanceof ClientConnected || payload.getPayload() instanceof ClientDisconnected)) {
			events.add(payload.getPayload());
		}
	}

	long connections(String clientId) {
		return events.stream().filter((e) -> e instanceof ClientConnected c && c.clientId().equals(clientId)).count();
	}

	void awaitConnections(String clientId, long count) {
		waiting().until(() -> connections(clientId) >= count);
	}

	/** Every departure of this client reported so far. */
	List<ClientDisconnected> departures(String clientId) {
		return events.stream()
			.filter((e) -> e instanceof ClientDisconnected d && d.clientId().equals(clientId))
			.map(ClientDisconnected.class::cast)
			.toList();
	}

	/** Waits until the broker has finished with a connection of this client, and says how it ended. */
	ClientDisconnected awaitDisconnected(String clientId) {
		return waiting().until(() -> departures(clientId), (found) -> !found.isEmpty()).get(0);
	}

	private static ConditionFactory waiting() {
		return await().atMost(TestClient.WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5));
	}

}
