package io.lowband.chat.web;

import java.security.Principal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lowband.chat.Deliveries;
import io.lowband.chat.History;
import io.lowband.chat.MemberChangeView;
import io.lowband.chat.MessageView;
import io.lowband.chat.RoomView;
import io.lowband.chat.Rooms;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RoomController {

	private final Rooms rooms;

	private final History history;

	private final Deliveries deliveries;

	RoomController(Rooms rooms, History history, Deliveries deliveries) {
		this.deliveries = deliveries;
		this.rooms = rooms;
		this.history = history;
	}

	@PostMapping("/api/rooms")
	@ResponseStatus(HttpStatus.CREATED)
	RoomView create(Principal me, @Valid @RequestBody NewRoom request) {
		return rooms.create(me.getName(), request.name(), request.members());
	}

	/** My rooms, the most recently active first, each with its last message and my unread count. */
	@GetMapping("/api/rooms")
	List<RoomSummary> mine(Principal me) {
		return rooms.of(me.getName())
			.stream()
			.map((room) -> summary(room, me.getName()))
			.sorted(Comparator.comparing(RoomSummary::activity).reversed())
			.toList();
	}

	/** One room, with where each member has read to and how far their devices hold it (for ticks). */
	@GetMapping("/api/rooms/{roomId}")
	RoomSummary one(Principal me, @PathVariable String roomId) {
		RoomView room = rooms.get(roomId, me.getName());
		Map<String, Long> read = history.readMarkers(roomId, me.getName());
		Map<String, Long> delivered = deliveries.deliveredMarkers(roomId, room.members());
		Map<String, Receipt> receipts = new LinkedHashMap<>();
		room.members().forEach((m) -> receipts.put(m, new Receipt(read.get(m), delivered.get(m))));
		return summary(room, me.getName()).with(receipts, rooms.changes(roomId, me.getName()));
	}

	@PostMapping("/api/rooms/{roomId}/members")
	RoomView add(Principal me, @PathVariable String roomId, @Valid @RequestBody Member member) {
		return rooms.addMember(roomId, me.getName(), member.username());
	}

	@DeleteMapping("/api/rooms/{roomId}/members/{username}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void remove(Principal me, @PathVariable String roomId, @PathVariable String username) {
		rooms.removeMember(roomId, me.getName(), username);
	}

	@PostMapping("/api/dms")
	RoomSummary direct(Principal me, @Valid @RequestBody Member other) {
		return summary(rooms.direct(me.getName(), other.username()), me.getName());
	}

	private RoomSummary summary(RoomView room, String me) {
		MessageView last = history.lastMessage(room.id());
		long lastSeq = (last == null) ? 0 : last.seq();
		long read = history.readMarker(room.id(), me);
		return new RoomSummary(room.id(), room.name(), room.direct(), room.createdBy(), room.manager(), room.members(),
				last, lastSeq, read, deliveries.deliveredMarker(room.id(), me), Math.max(0, lastSeq - read), null, null);
	}

	record NewRoom(@Size(max = 80) String name, @Size(max = 200) List<@NotBlank String> members) {
	}

	record Member(@NotBlank String username) {
	}

	/** How far one member has read ({@code read}) and how far their devices hold the room ({@code delivered}). */
	record Receipt(long read, long delivered) {
	}

	/**
	 * {@code manager} may remove others; null in a direct room, where each person can only leave. {@code receipts}
	 * (each member's read and delivery markers) and {@code changes} (who was added, left or was removed) only in the
	 * answer for one room.
	 */
	record RoomSummary(String id, String name, boolean direct, String createdBy, String manager, List<String> members,
			MessageView lastMessage, long lastSeq, long readSeq, long deliveredSeq, long unread,
			@JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Receipt> receipts,
			@JsonInclude(JsonInclude.Include.NON_NULL) List<MemberChangeView> changes) {

		RoomSummary with(Map<String, Receipt> receipts, List<MemberChangeView> changes) {
			return new RoomSummary(id, name, direct, createdBy, manager, members, lastMessage, lastSeq, readSeq,
					deliveredSeq, unread, receipts, changes);
		}

		java.time.Instant activity() {
			return (lastMessage == null) ? java.time.Instant.EPOCH : lastMessage.ts();
		}

	}

}
