package io.lowband.user;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;

/**
 * Which user each MQTT client id belongs to. A client id names a broker session, with its subscriptions and queued
 * messages, so it must never pass to someone else: the first user to connect with it owns it for good, and anyone
 * else who tries it is refused. Kept in MongoDB, so it holds across restarts and tells, after one, which sessions
 * of a user lose a room (see docs/protocol.md).
 */
@Service
public class ClientIdOwners {

	private final MongoTemplate mongo;

	private final Clock clock = Clock.systemUTC();

	/** Owners never change, so a cached answer is never stale. */
	private final Cache<String, String> owners = Caffeine.newBuilder().maximumSize(100_000).build();

	ClientIdOwners(MongoTemplate mongo) {
		this.mongo = mongo;
		mongo.indexOps(ClientIdOwner.class).createIndex(new Index("username", Sort.Direction.ASC));
	}

	/**
	 * Makes the client id this user's if nobody owns it yet.
	 * @return whether it is this user's now; false if it belongs to someone else
	 */
	public boolean claim(String clientId, String username) {
		String owner = owners.getIfPresent(clientId);
		if (owner == null) {
			owner = ownerInStore(clientId, username);
			owners.put(clientId, owner);
		}
		return owner.equals(username);
	}

	/** Whether nobody owns this client id (an anonymous client may use only such ids). */
	public boolean isFree(String clientId) {
		return owners.getIfPresent(clientId) == null
				&& !mongo.exists(Query.query(Criteria.where("_id").is(clientId)), ClientIdOwner.class);
	}

	/** Every client id this user has connected with, so every session of theirs. */
	public Set<String> ownedBy(String username) {
		List<ClientIdOwner> found = mongo.find(Query.query(Criteria.where("username").is(username)),
				ClientIdOwner.class);
		return found.stream().map(ClientIdOwner::clientId).collect(Collectors.toSet());
	}

	private String ownerInStore(String clientId, String username) {
		try {
			mongo.insert(new ClientIdOwner(clientId, username, clock.instant()));
			return username;
		}
		catch (DuplicateKeyException ex) {
			ClientIdOwner existing = mongo.findById(clientId, ClientIdOwner.class);
			return (existing == null) ? username : existing.username();
		}
	}

}
