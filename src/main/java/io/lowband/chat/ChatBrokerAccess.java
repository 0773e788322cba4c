package io.lowband.chat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.lowband.broker.BrokerAccess;
import io.lowband.broker.ClientConnected;
import io.lowband.broker.ConnectAttempt;
import io.lowband.broker.ConnectVerdict;
import io.lowband.broker.ConnectVerdict.Admitted;
import io.lowband.broker.ConnectVerdict.Refusal;
import io.lowband.broker.ConnectVerdict.Refused;
import io.lowband.broker.MqttBroker;
import io.lowband.user.Accounts;
import io.lowband.user.ClientIdOwners;
import io.lowband.user.SecretCheck;
import io.lowband.user.TokenRevoked;

import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Who may do what on the broker, by topic (docs/protocol.md has the table). Usernames come from the CONNECT the
 * broker authenticated, never from a payload.
 */
@Component
class ChatBrokerAccess implements BrokerAccess {

	private final Accounts accounts;

	private final Rooms rooms;

	private final ChatSettings settings;

	private final MqttBroker broker;

	private final ClientIdOwners clientIds;

	ChatBrokerAccess(Accounts accounts, ClientIdOwners clientIds, Rooms rooms, ChatSettings settings,
			@Lazy MqttBroker broker) {
		this.accounts = accounts;
		this.clientIds = clientIds;
		this.rooms = rooms;
		this.settings = settings;
		this.broker = broker;
	}

	/**
	 * Credentials first, then the client id: it must be free or the user's own, so nobody resumes or kicks off
	 * another user's session. Anonymous clients (when the broker allows them) may use only ids nobody owns.
	 */
	@Override
	public CompletionStage<ConnectVerdict> admit(ConnectAttempt attempt) {
		if (attempt.isAnonymous()) {
			return CompletableFuture.completedFuture(
					(attempt.clientId().isEmpty() || clientIds.isFree(attempt.clientId())) ? Admitted.forever()
							: new Refused(Refusal.CLIENT_ID_TAKEN));
		}
		SecretCheck check = accounts.checkSecret(attempt.username(), attempt.password(), attempt.address());
		return switch (check.outcome()) {
			case REFUSED -> CompletableFuture.completedFuture(new Refused(Refusal.BAD_CREDENTIALS));
			case THROTTLED -> CompletableFuture.completedFuture(new Refused(Refusal.BUSY, check.retryAfter()));
			case ACCEPTED -> attempt.clientId().isEmpty()
					? CompletableFuture.completedFuture(new Admitted(check.tokenId(), check.validUntil()))
					: clientIds.claim(attempt.clientId(), attempt.username())
						.thenApply((own) -> own ? new Admitted(check.tokenId(), check.validUntil())
								: new Refused(Refusal.CLIENT_ID_TAKEN));
		};
	}

	/** Signing out ends the MQTT connections that signed in with the token, not only its REST calls. */
	@EventListener
	void on(TokenRevoked revoked) {
		broker.closeConnectionsUsing(revoked.tokenId());
	}

	/** A client id the broker chose (MQTT 5, empty client id) becomes its user's too, once it is known. */
	@EventListener
	void on(ClientConnected connected) {
		if (connected.username() != null && !connected.username().startsWith("$")) {
			clientIds.claim(connected.clientId(), connected.username());
		}
	}

	@Override
	public boolean mayRead(String clientId, String username, String filter) {
		String[] t = filter.split("/", -1);
		if (isChatNamespace(t[0])) {
			return username != null && switch (t[0]) {
				case "rooms" -> isRoom(t) && (is(t, 3, 2, "messages") || is(t, 3, 2, "receipts")
						|| (t.length == 4 && t[2].equals("typing"))) && rooms.isMember(t[1], username);
				case "users" -> is(t, 3, 2, "inbox") && t[1].equals(username);
				default -> t.length == 2; // presence/{username} or presence/+
			};
		}
		return isOpenTopic(t[0]);
	}

	/** A stored shared subscription stays only if its client id's owner may read the filter. */
	@Override
	public boolean mayKeep(String clientId, String topicFilter) {
		return mayRead(clientId, clientIds.ownerOf(clientId).orElse(null), topicFilter);
	}

	/** Typing notices are for those in the room right now: never retained, never queued, never stored. */
	@Override
	public boolean isEphemeral(String topic) {
		String[] t = topic.split("/", -1);
		return t.length == 4 && t[0].equals("rooms") && t[2].equals("typing");
	}

	@Override
	public boolean mayWrite(String clientId, String username, String topic) {
		String[] t = topic.split("/", -1);
		if (isChatNamespace(t[0])) {
			return username != null && switch (t[0]) {
				// Sends of non-members reach the chat, which refuses them on the sender's inbox.
				case "rooms" -> isRoom(t) && t.length == 4 && t[3].equals(username) && (t[2].equals("in")
						|| ((t[2].equals("typing") || t[2].equals("read")) && rooms.isMember(t[1], username)));
				case "users" -> is(t, 3, 2, "sync") && t[1].equals(username);
				default -> false; // presence is the server's to say
			};
		}
		return isOpenTopic(t[0]);
	}

	/**
	 * A removed member's subscriptions to the room stop at once, in every session of theirs, connected or not, even
	 * across restarts (client ids are kept in MongoDB); a client that subscribes again is refused.
	 */
	@EventListener
	void on(MemberRemoved removed) {
		String room = removed.roomId();
		Set<String> sessions = clientIds.ownedBy(removed.username());
		// A concrete typing topic matches every subscription to the room's typing topics, wildcards included.
		for (String topic : List.of(ChatTopics.messages(room), ChatTopics.receipts(room), ChatTopics.typing(room, "any"))) {
			broker.revokeSubscriptions(sessions, topic);
		}
	}

	private boolean isOpenTopic(String firstLevel) {
		// A wildcard or $ at the top would reach into the chat namespaces or the broker's own topics.
		return settings.openTopics() && !firstLevel.equals("#") && !firstLevel.equals("+") && !firstLevel.startsWith("$");
	}

	private static boolean isChatNamespace(String firstLevel) {
		return firstLevel.equals("rooms") || firstLevel.equals("users") || firstLevel.equals("presence");
	}

	private static boolean isRoom(String[] t) {
		return t.length >= 3 && !t[1].equals("+") && !t[1].equals("#") && !t[1].isEmpty();
	}

	private static boolean is(String[] t, int length, int index, String level) {
		return t.length == length && t[index].equals(level);
	}

}
