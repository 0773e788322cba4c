package io.lowband.broker;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptConnectionLostMessage;
import io.moquette.interception.messages.InterceptDisconnectMessage;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Passes Moquette's connection callbacks on as Spring application events, so features listen to Lowband's own
 * records instead of Moquette's classes.
 * <p>
 * Moquette reports a clean DISCONNECT twice: as a disconnect, and then, when the socket closes, as a lost
 * connection. The second report is dropped, so each departure is one event that says how it happened. Moquette
 * calls interceptors on one thread, in the order it handled each client's events.
 */
class BrokerEventRelay extends AbstractInterceptHandler {

	private final ApplicationEventPublisher events;

	private final ConnectedClients clients;

	private final Set<String> saidGoodbye = ConcurrentHashMap.newKeySet();

	BrokerEventRelay(ApplicationEventPublisher events, ConnectedClients clients) {
		this.events = events;
		this.clients = clients;
	}

	@Override
	public String getID() {
		return "lowband-event-relay";
	}

	@Override
	public Class<?>[] getInterceptedMessageTypes() {
		// Publishes are not relayed: copying every payload into an event would cost on the hot path.
		return new Class<?>[] { InterceptConnectMessage.class, InterceptDisconnectMessage.class,
				InterceptConnectionLostMessage.class };
	}

	@Override
	public void onConnect(InterceptConnectMessage msg) {
		// A quick reconnect takes over the session, and Moquette then says nothing of the old socket closing.
		saidGoodbye.remove(msg.getClientID());
		clients.connected(msg.getUsername(), msg.getClientID());
		events.publishEvent(new ClientConnected(msg.getClientID(), msg.getUsername()));
	}

	@Override
	public void onDisconnect(InterceptDisconnectMessage msg) {
		saidGoodbye.add(msg.getClientID());
		events.publishEvent(new ClientDisconnected(msg.getClientID(), msg.getUsername(), true));
	}

	@Override
	public void onConnectionLost(InterceptConnectionLostMessage msg) {
		if (saidGoodbye.remove(msg.getClientID())) {
			return;
		}
		events.publishEvent(new ClientDisconnected(msg.getClientID(), msg.getUsername(), false));
	}

	@Override
	public void onSessionLoopError(Throwable error) {
		// Moquette keeps the session loop running; Lowband only makes the error visible.
		org.slf4j.LoggerFactory.getLogger(BrokerEventRelay.class).warn("MQTT session loop error: {}", error.toString());
	}

}
