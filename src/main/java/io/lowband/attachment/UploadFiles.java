package io.lowband.attachment;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import org.bson.Document;
import org.bson.types.ObjectId;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/**
 * The bytes of uploads, in the GridFS bucket {@code attachments} of the app's database (MongoDB or the embedded
 * store alike).
 */
@Component
class UploadFiles {

	static final String BUCKET = "attachments";

	private static final int COPY_BUFFER = 64 * 1024;

	private final GridFSBucket bucket;

	UploadFiles(MongoTemplate mongo) {
		this.bucket = GridFSBuckets.create(mongo.getDb(), BUCKET);
		// GridFS reads a file's chunks by files_id, sorted by n. Its own unique index on both serves MongoDB, but
		// the embedded store answers only plain non-unique indexes; on MongoDB this one is merely redundant.
		mongo.indexOps(BUCKET + ".chunks")
			.createIndex(new Index().on("files_id", Sort.Direction.ASC).named("chunks_by_file"));
	}

	/**
	 * Copies at most {@code max} bytes of {@code in} into a new file. When reading fails half way (the client's
	 * connection broke) the bytes that did arrive are kept, as the tus protocol wants, and the failure is handed
	 * back with them.
	 */
	Written write(String uploadId, InputStream in, long max) {
		GridFSUploadStream out = bucket.openUploadStream(uploadId,
				new GridFSUploadOptions().metadata(new Document("upload", uploadId)));
		long count = 0;
		IOException failure = null;
		byte[] buffer = new byte[COPY_BUFFER];
		try {
			int n;
			while (count < max && (n = in.read(buffer, 0, (int) Math.min(buffer.length, max - count))) > 0) {
				out.write(buffer, 0, n);
				count += n;
			}
		}
		catch (IOException ex) {
			failure = ex;
		}
		out.close();
		return new Written(new Upload.Segment(out.getObjectId(), count), failure);
	}

	/** One file with the segments' bytes in order. */
	ObjectId join(String uploadId, List<Upload.Segment> segments) throws IOException {
		try (GridFSUploadStream out = bucket.openUploadStream(uploadId,
				new GridFSUploadOptions().metadata(new Document("upload", uploadId)))) {
			for (Upload.Segment segment : segments) {
				try (InputStream in = open(segment.file())) {
					in.transferTo(out);
				}
			}
			return out.getObjectId();
		}
	}

	/** A new segment with the first {@code keep} bytes of this one, which is removed. */
	Upload.Segment truncate(String uploadId, Upload.Segment segment, long keep) throws IOException {
		Written kept;
		try (InputStream in = open(segment.file())) {
			kept = write(uploadId, in, keep);
		}
		if (kept.failure() != null) {
			delete(kept.segment().file());
			throw kept.failure();
		}
		delete(segment.file());
		return kept.segment();
	}

	ObjectId store(String name, byte[] bytes) {
		return bucket.uploadFromStream(name, new ByteArrayInputStream(bytes));
	}

	long length(ObjectId file) {
		GridFSFile found = bucket.find(new Document("_id", file)).first();
		return (found == null) ? 0 : found.getLength();
	}

	InputStream open(ObjectId file) {
		return bucket.openDownloadStream(file);
	}

	void delete(ObjectId file) {
		if (file == null) {
			return;
		}
		try {
			bucket.delete(file);
		}
		catch (MongoGridFSException gone) {
			// Already removed, by an earlier cleanup that stopped half way: nothing left to do.
		}
	}

	/** What {@link #write} stored, and why it stopped early if it did. */
	record Written(Upload.Segment segment, IOException failure) {
	}

}
