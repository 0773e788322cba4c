package io.lowband.chat;

import java.util.List;

/** A room as its members see it. */
public record RoomView(String id, String name, boolean direct, String createdBy, List<String> members) {

	static RoomView of(Room room) {
		return new RoomView(room.id(), room.name(), room.direct(), room.createdBy(), List.copyOf(room.members()));
	}

}
