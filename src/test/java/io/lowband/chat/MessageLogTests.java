package io.lowband.chat;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.IntStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The batch writer's rules, without the app: a batch is stored in arrival order with gapless seqs per room, a client
 * id is stored once (within a batch, across batches, after a restart), refused drafts never hold up the rest, and a
 * second instance on the same database is noticed. Runs against mongo-java-server in memory, through the driver.
 */
class MessageLogTests {

	private MongoServer server;

	private MongoClient client;

	private MongoTemplate mongo;

	@BeforeEach
	void store() {
		server = new MongoServer(new H2Backend(new MVStore.Builder().open()));
		client = MongoClients.create(server.bindAndGetConnectionString());
		mongo = new MongoTemplate(client, "lowband");
		new ChatIndexes(mongo).afterPropertiesSet();
		room("r1", "alice", "bob");
		room("r2", "alice", "carol");
	}

	@AfterEach
	void close() {
		client.close();
		server.shutdownNow();
	}

	@Test
	void aBatchIsStoredInArrivalOrderWithGaplessSeqsPerRoom() {
		MessageLog log = newLog();
		List<SendOutcome> outcomes = log.storeBatch(List.of(draft("r1", "alice", "id-000001"),
				draft("r2", "carol", "id-000002"), draft("r1", "bob", "id-000003"), draft("r1", "alice", "id-000004"),
				draft("r2", "alice", "id-000005")));

		assertThat(outcomes).extracting(MessageLogTests::seq).containsExactly(1L, 1L, 2L, 3L, 2L);
		assertThat(outcomes).allSatisfy((o) -> assertThat(((SendOutcome.Stored) o).duplicate()).isFalse());
		assertThat(stored("r1")).containsExactly("1 alice id-000001", "2 bob id-000003", "3 alice id-000004");
		assertThat(stored("r2")).containsExactly("1 carol id-000002", "2 alice id-000005");
		assertThat(log.lastSeq("r1")).isEqualTo(3);

		assertThat(log.storeBatch(List.of(draft("r1", "bob", "id-000006")))).extracting(MessageLogTests::seq)
			.containsExactly(4L);
	}

	@Test
	void aClientIdIsStoredOnceWithinABatchAcrossBatchesAndAfterARestart() {
		MessageLog log = newLog();
		List<SendOutcome> first = log.storeBatch(
				List.of(draft("r1", "alice", "id-aaaaaa"), draft("r1", "alice", "id-bbbbbb"),
						draft("r1", "alice", "id-aaaaaa")));
		assertThat(first).extracting(MessageLogTests::seq).containsExactly(1L, 2L, 1L);
		assertThat(first).extracting(MessageLogTests::duplicate).containsExactly(false, false, true);

		List<SendOutcome> second = log.storeBatch(List.of(draft("r1", "alice", "id-bbbbbb"),
				draft("r1", "alice", "id-cccccc")));
		assertThat(second).extracting(MessageLogTests::seq).containsExactly(2L, 3L);
		assertThat(second).extracting(MessageLogTests::duplicate).containsExactly(true, false);

		// A new instance knows nothing in memory: the unique index finds the repeats, wherever they are in the batch.
		MessageLog restarted = newLog();
		List<SendOutcome> third = restarted.storeBatch(List.of(draft("r1", "alice", "id-dddddd"),
				draft("r1", "alice", "id-aaaaaa"), draft("r1", "alice", "id-eeeeee"), draft("r1", "alice", "id-cccccc")));
		assertThat(third).extracting(MessageLogTests::seq).containsExactly(4L, 1L, 5L, 3L);
		assertThat(third).extracting(MessageLogTests::duplicate).containsExactly(false, true, false, true);

		// The same client id from another sender, or in another room, is another message.
		assertThat(restarted.storeBatch(List.of(draft("r1", "bob", "id-aaaaaa"), draft("r2", "alice", "id-aaaaaa"))))
			.extracting(MessageLogTests::duplicate)
			.containsExactly(false, false);
		assertThat(stored("r1")).hasSize(6).extracting((line) -> line.split(" ")[0])
			.containsExactly("1", "2", "3", "4", "5", "6");
	}

	@Test
	void refusedDraftsAreAnsweredAndNeverHoldUpTheRestOfTheBatch() {
		MessageLog log = newLog();
		List<SendOutcome> outcomes = log.storeBatch(List.of(draft("r1", "alice", "id-000001"),
				draft("r1", "carol", "id-000002"), draft("r1", "alice", "short"),
				new Draft("r1", "alice", "id-000004", "x".repeat(4001)), new Draft("r1", "alice", "id-000005", " "),
				draft("nowhere", "alice", "id-000006"), draft("r1", "bob", "id-000007")));

		assertThat(outcomes).extracting(MessageLogTests::rejection)
			.containsExactly(null, Rejection.NOT_A_MEMBER, Rejection.BAD_ID, Rejection.TOO_LONG, Rejection.EMPTY_BODY,
					Rejection.UNKNOWN_ROOM, null);
		assertThat(stored("r1")).containsExactly("1 alice id-000001", "2 bob id-000007");
	}

	@Test
	void aReplyNamesAnEarlierMessageOfTheRoomAndAnAttachmentNeedsAnUpload() {
		MessageLog log = newLog();
		log.storeBatch(List.of(draft("r1", "alice", "id-000001")));
		List<SendOutcome> outcomes = log.storeBatch(List.of(new Draft("r1", "bob", "id-000002", "yes", 1L, null),
				new Draft("r1", "bob", "id-000003", "no", 3L, null), new Draft("r1", "bob", "id-000004", "no", 0L, null),
				new Draft("r1", "bob", "id-000005", "", null, new AttachmentRef("up-1", "a.txt", "text/plain", 3))));

		assertThat(outcomes).extracting(MessageLogTests::rejection)
			.containsExactly(null, Rejection.BAD_REPLY, Rejection.BAD_REPLY, Rejection.BAD_ATTACHMENT);
		assertThat(((SendOutcome.Stored) outcomes.get(0)).message().replyTo()).isEqualTo(1L);
		assertThat(mongo.findById(StoredMessage.key("r1", 2), StoredMessage.class).replyTo()).isEqualTo(1L);
		assertThat(stored("r1")).containsExactly("1 alice id-000001", "2 bob id-000002");
	}

	@Test
	void anotherInstanceTakingSeqsIsNoticedAndSeqsStayGapless() {
		MessageLog here = newLog();
		MessageLog there = newLog();
		assertThat(here.lastSeq("r1")).isZero();
		there.storeBatch(List.of(draft("r1", "bob", "there-0001"), draft("r1", "bob", "there-0002")));

		// This instance still believes the room is empty: its first insert collides on seq 1, and it learns better.
		List<SendOutcome> outcomes = here.storeBatch(List.of(draft("r1", "alice", "here-00001"),
				draft("r1", "alice", "here-00002"), draft("r2", "alice", "here-00003")));

		assertThat(outcomes).extracting(MessageLogTests::seq).containsExactly(3L, 4L, 1L);
		assertThat(stored("r1")).containsExactly("1 bob there-0001", "2 bob there-0002", "3 alice here-00001",
				"4 alice here-00002");
	}

	@Test
	void aBigBatchIsOneInsertAndKeepsItsOrder() {
		MessageLog log = newLog();
		List<Draft> drafts = IntStream.rangeClosed(1, 500)
			.mapToObj((i) -> draft((i % 2 == 0) ? "r1" : "r2", "alice", String.format("big-%06d", i)))
			.toList();

		List<SendOutcome> outcomes = log.storeBatch(drafts);

		assertThat(outcomes).extracting(MessageLogTests::seq)
			.containsExactlyElementsOf(IntStream.rangeClosed(1, 500).mapToObj((i) -> (long) ((i + 1) / 2)).toList());
		assertThat(stored("r1")).hasSize(250).first().isEqualTo("1 alice big-000002");
	}

	@Test
	void aStoreThatFailsFailsTheBatchAndAResendIsStoredOnce() {
		MessageLog log = newLog();
		log.storeBatch(List.of(draft("r1", "alice", "id-000001")));
		MongoClient broken = MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200");
		MongoTemplate unreachable = new MongoTemplate(broken, "lowband");
		MessageLog failing = new MessageLog(unreachable, new Rooms(mongo, null, null, null), settings(), noAttachments());

		assertThatThrownBy(() -> failing.storeBatch(List.of(draft("r1", "alice", "id-000002"))))
			.isInstanceOf(RuntimeException.class);
		broken.close();

		assertThat(log.storeBatch(List.of(draft("r1", "alice", "id-000002"), draft("r1", "alice", "id-000002"))))
			.extracting(MessageLogTests::seq)
			.containsExactly(2L, 2L);
		assertThat(stored("r1")).containsExactly("1 alice id-000001", "2 alice id-000002");
	}

	private MessageLog newLog() {
		return new MessageLog(mongo, new Rooms(mongo, null, null, null), settings(), noAttachments());
	}

	private static DraftReferences noAttachments() {
		return new DraftReferences(new StaticListableBeanFactory().getBeanProvider(AttachmentCheck.class));
	}

	private static ChatSettings settings() {
		return new ChatSettings(4000, true, 30, 300);
	}

	private void room(String id, String... members) {
		mongo.insert(new Room(id, id, false, null, members[0], new LinkedHashSet<>(List.of(members)), Instant.now(),
				members[0]));
	}

	private static Draft draft(String room, String from, String clientId) {
		return new Draft(room, from, clientId, "hello from " + from);
	}

	private List<String> stored(String room) {
		return mongo.find(Query.query(org.springframework.data.mongodb.core.query.Criteria.where("room").is(room))
			.with(Sort.by("seq")), StoredMessage.class)
			.stream()
			.map((m) -> m.seq() + " " + m.from() + " " + m.clientId())
			.toList();
	}

	private static Long seq(SendOutcome outcome) {
		return ((SendOutcome.Stored) outcome).message().seq();
	}

	private static Boolean duplicate(SendOutcome outcome) {
		return ((SendOutcome.Stored) outcome).duplicate();
	}

	private static Rejection rejection(SendOutcome outcome) {
		return (outcome instanceof SendOutcome.Refused refused) ? refused.reason().rejection() : null;
	}

}
