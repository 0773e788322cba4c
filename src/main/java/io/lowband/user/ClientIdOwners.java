package io.lowband.user;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.bulk.BulkWriteError;
import jakarta.annotation.PreDestroy;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.BulkOperationException;
import org.springframework.data.mongodb.core.BulkOperations.BulkMode;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Service;

/**
 * Which user each MQTT client id belongs to. A client id names a broker session, with its subscriptions and queued
 * messages, so it must never pass to someone else: the first user to connect with it owns it for good, and anyone
 * else who tries it is refused. Kept in MongoDB, so it holds across restarts and tells, after one, which sessions
 * of a user lose a room (see docs/protocol.md).
 * <p>
 * A claim is stored before the client is admitted, but new claims are written together, one insert for all that
 * arrived while the previous ones were being written: 10,000 phones connecting for the first time must not cost
 * 10,000 synced writes in a row.
 */
@Service
public class ClientIdOwners {

	private static final int WRITERS = 4;

	private final MongoTemplate mongo;

	private final Clock clock = Clock.systemUTC();

	/** Owners never change, so a cached answer is never stale. */
	private final Cache<String, String> owners = Caffeine.newBuilder().maximumSize(100_000).build();

	/** Claims not stored yet, each with its owner once stored: a second claim of the same id waits for the first. */
	private final Map<String, Claim> pending = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Claim> unwritten = new ConcurrentLinkedQueue<>();

	/**
	 * Several writers, each taking all the claims waiting when it starts: while one batch waits for its sync, the
	 * next is inserted and shares the store's next sync, so a burst of new phones is not paced by one sync at a time.
	 */
	private final ExecutorService writers = Executors.newFixedThreadPool(WRITERS, (task) -> {
		Thread thread = new Thread(task, "lowband-client-id-writer");
		thread.setDaemon(true);
		return thread;
	});

	ClientIdOwners(MongoTemplate mongo) {
		this.mongo = mongo;
		mongo.indexOps(ClientIdOwner.class).createIndex(new Index("username", Sort.Direction.ASC));
	}

	/**
	 * Makes the client id this user's if nobody owns it yet. The answer comes once the claim is stored, or found
	 * stored already (a claim not in the cache is simply inserted: the unique id tells whether it was taken).
	 * @return whether it is this user's now; false if it belongs to someone else
	 */
	public CompletableFuture<Boolean> claim(String clientId, String username) {
		String owner = owners.getIfPresent(clientId);
		if (owner != null) {
			return CompletableFuture.completedFuture(owner.equals(username));
		}
		Claim mine = new Claim(clientId, username, new CompletableFuture<>());
		Claim first = pending.putIfAbsent(clientId, mine);
		if (first == null) {
			unwritten.add(mine);
			writers.execute(this::writeClaims);
			first = mine;
		}
		return first.owner().thenApply(username::equals);
	}

	/** Whether nobody owns this client id (an anonymous client may use only such ids). */
	public boolean isFree(String clientId) {
		return owners.getIfPresent(clientId) == null && !pending.containsKey(clientId) && storedOwner(clientId) == null;
	}

	/** Who owns a client id, if anyone. May read the store. */
	public Optional<String> ownerOf(String clientId) {
		String owner = owners.getIfPresent(clientId);
		return Optional.ofNullable((owner != null) ? owner : storedOwner(clientId));
	}

	/** Every client id this user has connected with, so every session of theirs. */
	public Set<String> ownedBy(String username) {
		List<ClientIdOwner> found = mongo.find(Query.query(Criteria.where("username").is(username)),
				ClientIdOwner.class);
		return found.stream().map(ClientIdOwner::clientId).collect(Collectors.toSet());
	}

	@PreDestroy
	void stop() {
		writers.shutdown();
	}

	private String storedOwner(String clientId) {
		ClientIdOwner stored = mongo.findById(clientId, ClientIdOwner.class);
		if (stored != null) {
			owners.put(clientId, stored.username());
		}
		return (stored == null) ? null : stored.username();
	}

	/** Writes every claim waiting, in one insert, then answers them. Runs on a writer thread. */
	private void writeClaims() {
		List<Claim> batch = new ArrayList<>();
		for (Claim next = unwritten.poll(); next != null; next = unwritten.poll()) {
			batch.add(next);
		}
		if (batch.isEmpty()) {
			return;
		}
		List<ClientIdOwner> documents = batch.stream()
			.map((c) -> new ClientIdOwner(c.clientId(), c.username(), clock.instant()))
			.toList();
		Set<Integer> taken = Set.of();
		try {
			mongo.bulkOps(BulkMode.UNORDERED, ClientIdOwner.class).insert(documents).execute();
		}
		catch (BulkOperationException ex) {
			// Claimed before (by anyone, this instance before a restart included): read who owns them.
			taken = ex.getErrors().stream().map(BulkWriteError::getIndex).collect(Collectors.toSet());
		}
		catch (RuntimeException ex) {
			batch.forEach((c) -> answer(c, null, ex));
			return;
		}
		answerAll(batch, taken);
	}

	/**
	 * Answers a written batch: claims it stored are their users', the others are read back in one query (after a
	 * restart every phone reconnecting claims its id again: one read per batch, not per phone).
	 */
	private void answerAll(List<Claim> batch, Set<Integer> taken) {
		Map<String, String> takenBy;
		try {
			List<String> ids = taken.stream().map((i) -> batch.get(i).clientId()).toList();
			takenBy = ids.isEmpty() ? Map.of() : storedOwners(ids);
		}
		catch (RuntimeException ex) {
			// Every claim is answered, or its client, and any other waiting for the same id, would wait for good.
			for (int i = 0; i < batch.size(); i++) {
				answer(batch.get(i), taken.contains(i) ? null : batch.get(i).username(), ex);
			}
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			Claim claim = batch.get(i);
			answer(claim, taken.contains(i) ? takenBy.get(claim.clientId()) : claim.username(), null);
		}
	}

	private Map<String, String> storedOwners(List<String> clientIds) {
		return mongo.find(Query.query(Criteria.where("_id").in(clientIds)), ClientIdOwner.class)
			.stream()
			.collect(Collectors.toMap(ClientIdOwner::clientId, ClientIdOwner::username));
	}

	private void answer(Claim claim, String owner, RuntimeException failure) {
		if (owner != null) {
			owners.put(claim.clientId(), owner);
		}
		pending.remove(claim.clientId(), claim);
		if (owner != null) {
			claim.owner().complete(owner);
		}
		else {
			claim.owner().completeExceptionally(
					(failure != null) ? failure : new IllegalStateException("No owner stored for " + claim.clientId()));
		}
	}

	private record Claim(String clientId, String username, CompletableFuture<String> owner) {
	}

}
