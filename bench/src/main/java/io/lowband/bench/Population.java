package io.lowband.bench;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The accounts and rooms of the chat scenarios: user {@code i} is member {@code i % 10} of room {@code i / 10}, and
 * the first member of each room created it. Made through the REST API, as any client would. Each user signs in to
 * MQTT with an access token, as the browser chat does: a token is checked without BCrypt, a password with it.
 *
 * @param users the usernames, in order
 * @param rooms room ids, in order
 * @param tokens an access token of each user, in order
 */
record Population(List<String> users, List<String> rooms, List<String> tokens) {

	static final String PASSWORD = "bench-password-1";

	static final int ROOM_SIZE = 10;

	static Population create(Api api, int userCount) {
		long start = System.nanoTime();
		List<String> users = IntStream.range(0, userCount).mapToObj((i) -> String.format("u%05d", i)).toList();
		Api.inParallel(userCount, (i) -> {
			api.createUser(users.get(i), PASSWORD);
			return i;
		});
		int roomCount = userCount / ROOM_SIZE;
		List<String> tokens = Api.inParallel(userCount, (i) -> api.token(users.get(i), PASSWORD));
		List<String> rooms = Api.inParallel(roomCount, (r) -> api.createRoom(tokens.get(r * ROOM_SIZE), "bench room " + r,
				users.subList(r * ROOM_SIZE + 1, (r + 1) * ROOM_SIZE)));
		System.out.printf("  created %d users and %d rooms of %d in %.1f s%n", userCount, roomCount, ROOM_SIZE,
				(System.nanoTime() - start) / 1e9);
		return new Population(users, rooms, tokens);
	}

	/** An access token of the room's first member, who created it. */
	String creatorToken(int room) {
		return tokens.get(room * ROOM_SIZE);
	}

	String roomOf(int user) {
		return rooms.get(user / ROOM_SIZE);
	}

	Mqtt.Login login(int user) {
		return new Mqtt.Login("bench-" + users.get(user), users.get(user), tokens.get(user), false, 0);
	}

}
