package io.lowband.attachment;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.bson.types.ObjectId;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * An upload as stored. While it is unfinished its bytes are {@code segments}, one GridFS file per request that
 * brought some (GridFS files cannot be appended to); once all {@code length} bytes are there they become one GridFS
 * file, {@code file}, with a {@code thumbnail} when it is an image. {@code rooms} are where the owner sent it: their
 * members may download it.
 */
@Document("uploads")
record Upload(@Id String id, String owner, String name, String type, Long length, long offset,
		String encodedMetadata, Instant createdAt, Instant expiresAt, boolean complete, List<Segment> segments,
		ObjectId file, ObjectId thumbnail, Set<String> rooms) {

	/** Part of an unfinished upload: a GridFS file of {@code length} bytes. */
	record Segment(ObjectId file, long length) {
	}

}
