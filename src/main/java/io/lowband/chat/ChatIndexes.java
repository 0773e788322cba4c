package io.lowband.chat;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * The indexes the chat relies on for correctness: a client id is stored once per sender and room, and a direct
 * room exists once per pair. They are unique, so the embedded store enforces them too.
 */
@Component
class ChatIndexes implements InitializingBean {

	private final MongoTemplate mongo;

	ChatIndexes(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/** Before anything can send: the broker and the writers start only once every bean is ready. */
	@Override
	public void afterPropertiesSet() {
		mongo.indexOps(StoredMessage.class)
			.createIndex(new Index().on("room", Sort.Direction.ASC)
				.on("from", Sort.Direction.ASC)
				.on("clientId", Sort.Direction.ASC)
				.unique()
				.named("one_copy_per_client_id"));
		mongo.indexOps(StoredMessage.class)
			.createIndex(new Index().on("room", Sort.Direction.ASC).on("seq", Sort.Direction.DESC).named("room_seq"));
		mongo.indexOps(Room.class)
			.createIndex(new Index().on("directKey", Sort.Direction.ASC).unique().sparse().named("one_direct_room_per_pair"));
		mongo.indexOps(Room.class).createIndex(new Index().on("members", Sort.Direction.ASC).named("rooms_by_member"));
		mongo.indexOps(MemberChange.class)
			.createIndex(new Index().on("room", Sort.Direction.ASC).on("ts", Sort.Direction.DESC).named("changes_by_room"));
	}

}
