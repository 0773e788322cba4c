package io.lowband.attachment;

import java.io.InputStream;
import java.util.function.Supplier;

import io.lowband.chat.AttachmentCheck;
import io.lowband.chat.AttachmentRef;
import io.lowband.chat.ChatRejected;
import io.lowband.chat.Rejection;
import io.lowband.chat.Rooms;
import org.bson.types.ObjectId;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Finished uploads as attachments: the chat asks whether one may be sent ({@link #share}), and downloads ask who
 * may read it: its owner, and the members of the rooms it was sent to.
 */
@Service
public class Attachments implements AttachmentCheck {

	private final MongoTemplate mongo;

	private final UploadFiles files;

	private final Rooms rooms;

	Attachments(MongoTemplate mongo, UploadFiles files, Rooms rooms) {
		this.mongo = mongo;
		this.files = files;
		this.rooms = rooms;
	}

	/**
	 * The room is noted before the message is stored, so a member who gets the message can download at once; if
	 * storing then fails, the sender sends the same message again.
	 */
	@Override
	public AttachmentRef share(String attachmentId, String sender, String roomId) {
		Upload upload = mongo.findById(attachmentId, Upload.class);
		if (upload == null || !upload.owner().equals(sender)) {
			throw new ChatRejected(Rejection.BAD_ATTACHMENT, "There is no upload " + attachmentId + " of yours.");
		}
		if (!upload.complete()) {
			throw new ChatRejected(Rejection.BAD_ATTACHMENT, "The upload " + attachmentId + " is not finished: "
					+ upload.offset() + " of " + upload.length() + " bytes are there.");
		}
		if (upload.rooms() == null || !upload.rooms().contains(roomId)) {
			mongo.updateFirst(Query.query(Criteria.where("_id").is(attachmentId)), new Update().addToSet("rooms", roomId),
					Upload.class);
		}
		return new AttachmentRef(upload.id(), upload.name(), upload.type(), upload.length());
	}

	/**
	 * The attachment's bytes, or its thumbnail, for someone allowed to read them.
	 * @throws AttachmentProblem 404 when there is no such finished upload (or no thumbnail of it), 403 when the
	 * reader is neither its owner nor a member of a room it was sent to
	 */
	public StoredFile open(String attachmentId, String reader, boolean thumbnail) {
		Upload upload = mongo.findById(attachmentId, Upload.class);
		if (upload == null || !upload.complete()) {
			throw new AttachmentProblem(HttpStatus.NOT_FOUND, "unknown-attachment", "There is no such attachment.");
		}
		if (!upload.owner().equals(reader)
				&& (upload.rooms() == null || upload.rooms().stream().noneMatch((r) -> rooms.isMember(r, reader)))) {
			throw new AttachmentProblem(HttpStatus.FORBIDDEN, "attachment-forbidden",
					"This attachment was not sent to any room you are in.");
		}
		if (!thumbnail) {
			return new StoredFile(upload.name(), upload.type(), upload.length(), () -> files.open(upload.file()));
		}
		ObjectId preview = upload.thumbnail();
		if (preview == null) {
			throw new AttachmentProblem(HttpStatus.NOT_FOUND, "no-thumbnail",
					"This attachment has no thumbnail: it is not an image that could be read.");
		}
		return new StoredFile(upload.name(), "image/jpeg", files.length(preview), () -> files.open(preview));
	}

	/** A file to send back: its name, media type, length and a way to read it (again for each range). */
	public record StoredFile(String name, String type, long length, Supplier<InputStream> content) {
	}

}
