package io.lowband.chat;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * Someone was added to a room, left it or was removed ({@code change}), by whom, and when: kept so that the room's
 * timeline can show it after a reload too.
 */
@Document("member_changes")
record MemberChange(@Id String id, String room, String change, String user, String by, Instant ts) {

	MemberChangeView view() {
		return new MemberChangeView(change, user, by, ts);
	}

}
