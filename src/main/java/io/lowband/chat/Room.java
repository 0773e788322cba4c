package io.lowband.chat;

import java.time.Instant;
import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A room and who is in it. A direct room has exactly two members and a {@code directKey} made of both names, so
 * the pair always finds the same room.
 */
@Document("rooms")
record Room(@Id String id, String name, boolean direct, String directKey, String createdBy, Set<String> members,
		Instant createdAt) {

	boolean hasMember(String username) {
		return members.contains(username);
	}

}
