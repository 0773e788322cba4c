package io.lowband.chat;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Who manages a room, including rooms stored before rooms had a manager. */
class RoomTests {

	@Test
	void aRoomStoredWithoutAManagerIsManagedByItsCreator() {
		assertThat(group("alice", null, "alice", "bob").managedBy()).isEqualTo("alice");
	}

	@Test
	void aRoomWhoseCreatorLeftBeforeManagersExistedIsManagedByTheLongestStandingMember() {
		assertThat(group("alice", null, "carol", "bob").managedBy()).isEqualTo("carol");
	}

	@Test
	void theManagerManagesEvenWhenTheCreatorIsBack() {
		assertThat(group("alice", "bob", "bob", "carol", "alice").managedBy()).isEqualTo("bob");
	}

	@Test
	void nobodyManagesADirectRoomOrAnEmptyOne() {
		Room direct = new Room("r", "", true, "alice|bob", "alice", new LinkedHashSet<>(List.of("alice", "bob")),
				Instant.EPOCH, null);
		assertThat(direct.managedBy()).isNull();
		assertThat(group("alice", "alice").managedBy()).isNull();
	}

	private static Room group(String createdBy, String manager, String... members) {
		return new Room("r", "Room", false, null, createdBy, new LinkedHashSet<>(List.of(members)), Instant.EPOCH,
				manager);
	}

}
