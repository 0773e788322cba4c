package io.lowband.chat;

import java.util.List;

/** A room as its members see it; {@code manager} may remove others (null in a direct room). */
public record RoomView(String id, String name, boolean direct, String createdBy, String manager,
		List<String> members) {

	static RoomView of(Room room) {
		return new RoomView(room.id(), room.name(), room.direct(), room.createdBy(), room.managedBy(),
				List.copyOf(room.members()));
	}

}
