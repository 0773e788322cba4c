package io.lowband.attachment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import me.desair.tus.server.exception.UploadAlreadyLockedException;
import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadIdFactory;
import me.desair.tus.server.upload.UploadLock;
import me.desair.tus.server.upload.UploadLockingService;
import org.bson.Document;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * One request at a time per upload, across every instance sharing the database: a lock is a document keyed by the
 * upload id, so a second request for the same upload gets 423 Locked (tus clients try again). A lock left by an
 * instance that died is broken after {@link #STALE}, longer than any one request of a tus client takes.
 */
class UploadLocks implements UploadLockingService {

	static final String COLLECTION = "upload_locks";

	static final Duration STALE = Duration.ofMinutes(30);

	private final MongoTemplate mongo;

	private final Clock clock = Clock.systemUTC();

	private UploadIdFactory idFactory;

	UploadLocks(MongoTemplate mongo, UploadIdFactory idFactory) {
		this.mongo = mongo;
		this.idFactory = idFactory;
	}

	/** Null for the creation endpoint itself, which names no upload. */
	@Override
	public UploadLock lockUploadByUri(String requestUri) throws UploadAlreadyLockedException {
		UploadId id = idFactory.readUploadId(requestUri);
		if (id == null) {
			return null;
		}
		String key = id.toString();
		if (!tryLock(key)) {
			cleanupStaleLocks();
			if (!tryLock(key)) {
				throw new UploadAlreadyLockedException("The upload " + key + " is busy with another request");
			}
		}
		return new Held(requestUri, key);
	}

	private boolean tryLock(String key) {
		try {
			mongo.insert(new Document("_id", key).append("at", clock.instant()), COLLECTION);
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	@Override
	public void cleanupStaleLocks() {
		Instant before = clock.instant().minus(STALE);
		mongo.remove(Query.query(Criteria.where("at").lt(before)), COLLECTION);
	}

	@Override
	public boolean isLocked(UploadId id) {
		return id != null && mongo.exists(Query.query(Criteria.where("_id").is(id.toString())), COLLECTION);
	}

	@Override
	public void setIdFactory(UploadIdFactory idFactory) {
		this.idFactory = idFactory;
	}

	private final class Held implements UploadLock {

		private final String uri;

		private final String key;

		Held(String uri, String key) {
			this.uri = uri;
			this.key = key;
		}

		@Override
		public String getUploadUri() {
			return uri;
		}

		@Override
		public void release() {
			mongo.remove(Query.query(Criteria.where("_id").is(key)), COLLECTION);
		}

		@Override
		public void close() {
			release();
		}

	}

}
