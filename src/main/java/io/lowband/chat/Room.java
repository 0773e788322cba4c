package io.lowband.chat;

import java.time.Instant;
import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A room and who is in it. A direct room has exactly two members and a {@code directKey} made of both names, so
 * the pair always finds the same room. {@code members} is in the order people joined. {@code manager} is who may
 * remove others; rooms stored before it existed have none, and their creator manages them.
 */
@Document("rooms")
record Room(@Id String id, String name, boolean direct, String directKey, String createdBy, Set<String> members,
		Instant createdAt, String manager) {

	boolean hasMember(String username) {
		return members.contains(username);
	}

	/**
	 * Who may remove others: the manager, or the creator of an older room. Should that person no longer be in the
	 * room (they left before managers were stored, or while the hand-over raced another leave), the
	 * longest-standing member. Nobody manages a direct room.
	 */
	String managedBy() {
		if (direct) {
			return null;
		}
		String named = (manager != null) ? manager : createdBy;
		return hasMember(named) ? named : members.stream().findFirst().orElse(null);
	}

}
