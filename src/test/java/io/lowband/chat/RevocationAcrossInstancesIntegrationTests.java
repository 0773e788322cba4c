package io.lowband.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

import io.lowband.chat.ChatApi.ChatUser;
import io.lowband.testing.RunningApp;
import io.lowband.testing.SharedApp;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A token revoked through another instance that shares the database (written here as that instance writes it: the
 * token marked revoked, a record in {@code revocations}) ends the connections signed in with it on this instance
 * too, and opens nothing more here, within the revocation poll. Tokens are otherwise believed from memory until
 * they expire, so without the poll this instance would go on trusting it.
 */
class RevocationAcrossInstancesIntegrationTests {

	@RegisterExtension
	static final SharedApp shared = SharedApp.started(ChatApi.FAST_SIGN_IN, "--lowband.user.revocation-poll=500ms");

	static RunningApp app;

	static ChatApi api;

	@BeforeAll
	static void start() {
		app = shared.app();
		api = new ChatApi(app);
	}

	@Test
	void aTokenRevokedElsewhereEndsItsConnectionsHereAndIsRefused() throws Exception {
		ChatUser alice = api.newUser("alice");
		ChatUser aliceOnHerLaptop = api.signIn(alice.username(), alice.password());
		try (ChatClient phone = ChatClient.mqtt5(app).as(alice).connect();
				ChatClient laptop = ChatClient.mqtt5(app).as(aliceOnHerLaptop).connect()) {
			assertThat(api.get("/api/rooms", alice).status()).isEqualTo(200); // known here, and so kept in memory

			revokeAsAnotherInstanceWould(alice);

			await().atMost(Duration.ofSeconds(5)).until(() -> !phone.isConnected());
			assertThat(api.get("/api/rooms", alice).status()).isEqualTo(401);
			assertThat(laptop.isConnected()).as("signed in with another token").isTrue();
			assertThat(api.get("/api/rooms", aliceOnHerLaptop).status()).isEqualTo(200);
		}
	}

	private static void revokeAsAnotherInstanceWould(ChatUser user) throws Exception {
		String hash = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(user.token().getBytes(StandardCharsets.UTF_8)));
		MongoTemplate store = app.context().getBean(MongoTemplate.class);
		assertThat(store.updateFirst(Query.query(Criteria.where("_id").is(hash)), Update.update("revoked", true),
				"tokens").getModifiedCount()).isEqualTo(1);
		store.insert(new Document("_id", hash).append("username", user.username())
			.append("at", Date.from(Instant.now())), "revocations");
	}

}
