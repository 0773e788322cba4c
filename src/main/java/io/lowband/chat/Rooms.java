package io.lowband.chat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lowband.user.Accounts;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;

/**
 * Rooms and their members. Every read of a room checks that the reader is in it. Rooms are read for every send and
 * subscription, so they are cached: a change made here takes effect at once; one made by another instance sharing
 * the database within {@link #CACHED_FOR}.
 */
@Service
public class Rooms {

	private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private final MongoTemplate mongo;

	private final Accounts accounts;

	private final ApplicationEventPublisher events;

	private final RoomQuotas quotas;

	static final Duration CACHED_FOR = Duration.ofSeconds(10);

	static final int CHANGES_SHOWN = 100;

	private final SecureRandom random = new SecureRandom();

	private final Cache<String, Optional<Room>> cache = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(CACHED_FOR)
		.build();

	private final Clock clock = Clock.systemUTC();

	Rooms(MongoTemplate mongo, Accounts accounts, ApplicationEventPublisher events, RoomQuotas quotas) {
		this.mongo = mongo;
		this.accounts = accounts;
		this.events = events;
		this.quotas = quotas;
	}

	public RoomView create(String creator, String name, List<String> invited) {
		Set<String> members = new LinkedHashSet<>();
		members.add(creator);
		for (String username : (invited == null) ? List.<String>of() : invited) {
			members.add(requireUser(username));
		}
		String title = (name == null || name.isBlank()) ? "Untitled room" : name.strip();
		quotas.createRoom(creator, members.size() - 1);
		Room room = mongo.insert(new Room(newId(), title, false, null, creator, members, clock.instant(), creator));
		members.stream().filter((m) -> !m.equals(creator)).forEach((m) -> notifyAdded(room, m));
		return RoomView.of(room);
	}

	/** The one direct room of two people, created the first time either asks. */
	public RoomView direct(String me, String other) {
		requireUser(other);
		if (me.equals(other)) {
			throw new ChatRejected(Rejection.BAD_REQUEST, "A direct message needs another person.");
		}
		String key = Stream.of(me, other).sorted().reduce((a, b) -> a + "|" + b).orElseThrow();
		Room existing = mongo.findOne(Query.query(Criteria.where("directKey").is(key)), Room.class);
		if (existing != null) {
			return RoomView.of(existing);
		}
		quotas.invite(me);
		try {
			Room room = mongo.insert(new Room(newId(), "", true, key, me, new LinkedHashSet<>(List.of(me, other)),
					clock.instant(), null));
			notifyAdded(room, other);
			return RoomView.of(room);
		}
		catch (DuplicateKeyException ex) {
			// Both asked at once; the other request created it.
			return RoomView.of(mongo.findOne(Query.query(Criteria.where("directKey").is(key)), Room.class));
		}
	}

	public RoomView get(String roomId, String reader) {
		return RoomView.of(requireMembership(roomId, reader));
	}

	public List<RoomView> of(String username) {
		return mongo.find(Query.query(Criteria.where("members").is(username)), Room.class)
			.stream()
			.map(RoomView::of)
			.toList();
	}

	public RoomView addMember(String roomId, String actor, String username) {
		Room room = requireMembership(roomId, actor);
		if (room.direct()) {
			throw new ChatRejected(Rejection.BAD_REQUEST, "A direct room stays between its two people.");
		}
		requireUser(username);
		if (room.hasMember(username)) {
			return RoomView.of(room);
		}
		quotas.invite(actor);
		Room updated = mongo.findAndModify(Query.query(Criteria.where("_id").is(roomId)),
				new Update().addToSet("members", username), FindAndModifyOptions.options().returnNew(true), Room.class);
		cache.invalidate(roomId);
		notifyAdded(updated, username);
		notifyMembers(updated, username, "added", actor, username);
		return RoomView.of(updated);
	}

	/** Leaving (actor removes themself), or the manager removing someone. In a direct room, only leaving. */
	public void removeMember(String roomId, String actor, String username) {
		Room room = requireMembership(roomId, actor);
		if (!actor.equals(username) && !actor.equals(room.managedBy())) {
			throw room.direct()
					? new ChatRejected(Rejection.NOT_ALLOWED, "In a direct room, each person can only leave.")
					: new ChatRejected(Rejection.NOT_ALLOWED);
		}
		if (!room.hasMember(username)) {
			throw new ChatRejected(Rejection.NOT_A_MEMBER, username + " is not a member of this room.");
		}
		Room left = mongo.findAndModify(Query.query(Criteria.where("_id").is(roomId)),
				new Update().pull("members", username), FindAndModifyOptions.options().returnNew(true), Room.class);
		cache.invalidate(roomId);
		if (username.equals(room.managedBy())) {
			handOver(left);
		}
		events.publishEvent(new MemberRemoved(roomId, username));
		events.publishEvent(new InboxEvent(username, Map.of("type", "removed", "room", roomId)));
		room(roomId).ifPresent((now) -> notifyMembers(now, null, actor.equals(username) ? "left" : "removed", actor,
				username));
	}

	/**
	 * The room's member changes, oldest first (the latest {@link #CHANGES_SHOWN}), for a member: those since the
	 * reader was last added, so a newcomer learns nothing of who came and went before.
	 */
	public List<MemberChangeView> changes(String roomId, String reader) {
		requireMembership(roomId, reader);
		Query latest = Query.query(Criteria.where("room").is(roomId))
			.with(Sort.by(Sort.Direction.DESC, "ts"))
			.limit(CHANGES_SHOWN);
		List<MemberChange> changes = new ArrayList<>(mongo.find(latest, MemberChange.class));
		Collections.reverse(changes);
		for (int i = changes.size() - 1; i >= 0; i--) {
			if (changes.get(i).change().equals("added") && changes.get(i).user().equals(reader)) {
				changes = changes.subList(i, changes.size());
				break;
			}
		}
		return changes.stream().map(MemberChange::view).toList();
	}

	public boolean isMember(String roomId, String username) {
		return username != null && room(roomId).map((room) -> room.hasMember(username)).orElse(false);
	}

	/** The room, if the user is in it; otherwise why not (404 before 403, so strangers learn nothing more). */
	Room requireMembership(String roomId, String username) {
		Room room = room(roomId).orElse(null);
		if (room == null) {
			throw new ChatRejected(Rejection.UNKNOWN_ROOM);
		}
		if (!room.hasMember(username)) {
			throw new ChatRejected(Rejection.NOT_A_MEMBER);
		}
		return room;
	}

	private Optional<Room> room(String roomId) {
		return cache.get(roomId, (id) -> Optional.ofNullable(mongo.findById(id, Room.class)));
	}

	private String requireUser(String username) {
		if (!accounts.exists(username)) {
			throw new ChatRejected(Rejection.UNKNOWN_USER, "There is no user called " + username + ".");
		}
		return username;
	}

	/** The manager left: the longest-standing member still there manages the room from now on. */
	private void handOver(Room room) {
		String successor = room.managedBy();
		if (successor != null) {
			mongo.updateFirst(Query.query(Criteria.where("_id").is(room.id()).and("members").is(successor)),
					new Update().set("manager", successor), Room.class);
			cache.invalidate(room.id());
		}
	}

	private void notifyAdded(Room room, String username) {
		events.publishEvent(new InboxEvent(username,
				Map.of("type", "added", "room", Map.of("id", room.id(), "name", room.name(), "direct", room.direct()))));
	}

	/**
	 * Tells the room's members (but {@code except}) that someone was added, left or was removed, with the members and
	 * manager as they are now, so their apps can note it in the timeline and keep the header right.
	 */
	private void notifyMembers(Room room, String except, String change, String actor, String username) {
		Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
		mongo.insert(new MemberChange(null, room.id(), change, username, actor, at));
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("type", "members");
		event.put("room", room.id());
		event.put("change", change);
		event.put("user", username);
		event.put("by", actor);
		event.put("members", List.copyOf(room.members()));
		event.put("manager", room.managedBy());
		event.put("ts", at.toString());
		room.members()
			.stream()
			.filter((m) -> !m.equals(except))
			.forEach((m) -> events.publishEvent(new InboxEvent(m, event)));
	}

	private String newId() {
		StringBuilder id = new StringBuilder(16);
		for (int i = 0; i < 16; i++) {
			id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
		}
		return id.toString();
	}

}
