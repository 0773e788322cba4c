package io.lowband.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import me.desair.tus.server.exception.InvalidUploadOffsetException;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.exception.UploadNotFoundException;
import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadIdFactory;
import me.desair.tus.server.upload.UploadInfo;
import me.desair.tus.server.upload.UploadLockingService;
import me.desair.tus.server.upload.UploadStorageService;
import me.desair.tus.server.upload.UploadType;
import me.desair.tus.server.upload.concatenation.UploadConcatenationService;
import org.bson.types.ObjectId;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Where tus-java-server keeps uploads: their state in the {@code uploads} collection, their bytes in GridFS
 * ({@link UploadFiles}). The library calls it under the upload's lock ({@link UploadLocks}), so one request at a
 * time changes an upload. An upload is private to its owner: for anyone else it does not exist.
 */
class GridFsUploadStorage implements UploadStorageService {

	private static final int MAX_NAME_LENGTH = 255;

	private final MongoTemplate mongo;

	private final UploadFiles files;

	private final Clock clock = Clock.systemUTC();

	private final int thumbnailSize;

	private UploadIdFactory idFactory;

	private long maxUploadSize;

	private Long expirationPeriod;

	private UploadConcatenationService concatenation;

	GridFsUploadStorage(MongoTemplate mongo, UploadFiles files, UploadIdFactory idFactory, int thumbnailSize) {
		this.mongo = mongo;
		this.files = files;
		this.idFactory = idFactory;
		this.thumbnailSize = thumbnailSize;
	}

	@Override
	public UploadInfo getUploadInfo(String uploadUrl, String ownerKey) throws IOException {
		UploadInfo info = getUploadInfo(idFactory.readUploadId(uploadUrl));
		return (info == null || ownerKey == null || !ownerKey.equals(info.getOwnerKey())) ? null : info;
	}

	@Override
	public UploadInfo getUploadInfo(UploadId id) {
		Upload upload = find(id);
		return (upload == null || expired(upload)) ? null : info(id, upload);
	}

	@Override
	public String getUploadUri() {
		return idFactory.getUploadUri();
	}

	@Override
	public UploadInfo create(UploadInfo info, String ownerKey) {
		UploadId id = idFactory.createId();
		info.setId(id);
		info.setOffset(0L);
		info.setOwnerKey(ownerKey);
		info.setUploadType(UploadType.REGULAR);
		Instant now = clock.instant();
		mongo.insert(new Upload(id.toString(), ownerKey, name(info), type(info), info.getLength(), 0,
				info.getEncodedMetadata(), now, now.plusMillis(expirationPeriod), false, List.of(), null, null, Set.of()));
		return info;
	}

	@Override
	public UploadInfo append(UploadInfo info, InputStream inputStream) throws IOException, TusException {
		Upload upload = require(info.getId());
		if (upload.offset() != info.getOffset()) {
			throw new InvalidUploadOffsetException("The upload is at byte " + upload.offset() + ", not " + info.getOffset());
		}
		long room = ((upload.length() != null) ? upload.length() : maxUploadSize) - upload.offset();
		UploadFiles.Written written = files.write(upload.id(), inputStream, room);
		List<Upload.Segment> segments = new ArrayList<>(upload.segments());
		if (written.segment().length() > 0) {
			segments.add(written.segment());
		}
		else {
			files.delete(written.segment().file());
		}
		long offset = upload.offset() + written.segment().length();
		info.setOffset(offset);
		mongo.updateFirst(byId(upload.id()),
				new Update().set("segments", segments).set("offset", offset).set("expiresAt", expiry()), Upload.class);
		if (written.failure() != null) {
			throw written.failure();
		}
		if (upload.length() != null && offset == upload.length()) {
			finish(upload.id(), segments);
		}
		return info;
	}

	/** All bytes are there: one file instead of the segments, a thumbnail for an image, and no expiry. */
	private void finish(String id, List<Upload.Segment> segments) throws IOException {
		ObjectId file = files.join(id, segments);
		byte[] thumbnail;
		try (InputStream in = files.open(file)) {
			thumbnail = Thumbnails.of(in, thumbnailSize);
		}
		Update done = new Update().set("complete", true)
			.set("file", file)
			.set("segments", List.of())
			.unset("expiresAt");
		if (thumbnail != null) {
			done.set("thumbnail", files.store(id + "-thumbnail", thumbnail));
		}
		mongo.updateFirst(byId(id), done, Upload.class);
		segments.forEach((segment) -> files.delete(segment.file()));
	}

	@Override
	public void update(UploadInfo info) throws UploadNotFoundException {
		// Offset and expiry are kept by append itself; a deferred length is all the library may change.
		Upload upload = require(info.getId());
		mongo.updateFirst(byId(upload.id()), new Update().set("length", info.getLength()), Upload.class);
	}

	@Override
	public InputStream getUploadedBytes(String uploadUri, String ownerKey) throws IOException, UploadNotFoundException {
		UploadInfo info = getUploadInfo(uploadUri, ownerKey);
		if (info == null) {
			throw new UploadNotFoundException("No such upload");
		}
		return getUploadedBytes(info.getId());
	}

	@Override
	public InputStream getUploadedBytes(UploadId id) throws UploadNotFoundException {
		Upload upload = require(id);
		if (upload.complete()) {
			return files.open(upload.file());
		}
		List<InputStream> parts = upload.segments().stream().map((s) -> files.open(s.file())).toList();
		return new SequenceInputStream(Collections.enumeration(parts));
	}

	@Override
	public void copyUploadTo(UploadInfo info, OutputStream outputStream) throws UploadNotFoundException, IOException {
		try (InputStream in = getUploadedBytes(info.getId())) {
			in.transferTo(outputStream);
		}
	}

	@Override
	public void cleanupExpiredUploads(UploadLockingService locks) {
		Query expired = Query.query(Criteria.where("complete").is(false).and("expiresAt").lt(clock.instant()));
		for (Upload upload : mongo.find(expired, Upload.class)) {
			if (!locks.isLocked(new UploadId(upload.id()))) {
				remove(upload);
			}
		}
	}

	/**
	 * The library's answer to any refused request: the bytes that request brought (none for most, some for a
	 * checksum that did not match) are taken back. {@code info} is null when the upload was not found.
	 */
	@Override
	public void removeLastNumberOfBytes(UploadInfo info, long byteCount) throws UploadNotFoundException, IOException {
		if (info == null || byteCount <= 0) {
			return;
		}
		Upload upload = require(info.getId());
		if (upload.complete()) {
			return;
		}
		List<Upload.Segment> segments = new ArrayList<>(upload.segments());
		long remove = Math.min(byteCount, upload.offset());
		while (remove > 0 && !segments.isEmpty()) {
			Upload.Segment last = segments.remove(segments.size() - 1);
			if (last.length() <= remove) {
				files.delete(last.file());
				remove -= last.length();
			}
			else {
				segments.add(files.truncate(upload.id(), last, last.length() - remove));
				remove = 0;
			}
		}
		long offset = segments.stream().mapToLong(Upload.Segment::length).sum();
		info.setOffset(offset);
		mongo.updateFirst(byId(upload.id()), new Update().set("segments", segments).set("offset", offset),
				Upload.class);
	}

	@Override
	public void terminateUpload(UploadInfo info) throws UploadNotFoundException {
		remove(require(info.getId()));
	}

	private void remove(Upload upload) {
		upload.segments().forEach((segment) -> files.delete(segment.file()));
		files.delete(upload.file());
		files.delete(upload.thumbnail());
		mongo.remove(byId(upload.id()), Upload.class);
	}

	@Override
	public void setMaxUploadSize(Long maxUploadSize) {
		this.maxUploadSize = (maxUploadSize == null) ? 0 : maxUploadSize;
	}

	@Override
	public long getMaxUploadSize() {
		return maxUploadSize;
	}

	@Override
	public Long getUploadExpirationPeriod() {
		return expirationPeriod;
	}

	@Override
	public void setUploadExpirationPeriod(Long uploadExpirationPeriod) {
		this.expirationPeriod = uploadExpirationPeriod;
	}

	@Override
	public void setUploadConcatenationService(UploadConcatenationService concatenationService) {
		this.concatenation = concatenationService;
	}

	@Override
	public UploadConcatenationService getUploadConcatenationService() {
		return concatenation;
	}

	@Override
	public void setIdFactory(UploadIdFactory idFactory) {
		this.idFactory = idFactory;
	}

	private Upload find(UploadId id) {
		return (id == null) ? null : mongo.findById(id.toString(), Upload.class);
	}

	private Upload require(UploadId id) throws UploadNotFoundException {
		Upload upload = find(id);
		if (upload == null) {
			throw new UploadNotFoundException("The upload " + id + " does not exist");
		}
		return upload;
	}

	private boolean expired(Upload upload) {
		return !upload.complete() && upload.expiresAt() != null && upload.expiresAt().isBefore(clock.instant());
	}

	private Instant expiry() {
		return clock.instant().plusMillis(expirationPeriod);
	}

	private UploadInfo info(UploadId id, Upload upload) {
		UploadInfo info = new UploadInfo();
		info.setId(id);
		info.setOwnerKey(upload.owner());
		info.setUploadType(UploadType.REGULAR);
		info.setOffset(upload.offset());
		info.setLength(upload.length());
		info.setEncodedMetadata(upload.encodedMetadata());
		if (upload.expiresAt() != null) {
			info.updateExpiration(upload.expiresAt().toEpochMilli() - clock.millis());
		}
		return info;
	}

	private static Query byId(String id) {
		return Query.query(Criteria.where("_id").is(id));
	}

	private static String name(UploadInfo info) {
		String name = info.getFileName();
		return (name.length() > MAX_NAME_LENGTH) ? name.substring(0, MAX_NAME_LENGTH) : name;
	}

	private static String type(UploadInfo info) {
		return info.getFileMimeType();
	}

}
