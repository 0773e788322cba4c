package io.lowband.attachment.web;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;

import io.lowband.attachment.Attachments;

import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Downloads of attachments, for their owner and the members of the rooms they were sent to. Spring MVC answers a
 * {@code Range} request with 206 and only those bytes (a Resource body), so a broken download goes on from where
 * it stopped. Always {@code Content-Disposition: attachment}: a file from someone else never runs as a page here.
 */
@RestController
class AttachmentController {

	private final Attachments attachments;

	AttachmentController(Attachments attachments) {
		this.attachments = attachments;
	}

	@GetMapping("/api/attachments/{id}")
	ResponseEntity<Resource> download(Principal me, @PathVariable String id) {
		return send(attachments.open(id, me.getName(), false));
	}

	@GetMapping("/api/attachments/{id}/thumbnail")
	ResponseEntity<Resource> thumbnail(Principal me, @PathVariable String id) {
		return send(attachments.open(id, me.getName(), true));
	}

	private static ResponseEntity<Resource> send(Attachments.StoredFile file) {
		return ResponseEntity.ok()
			.contentType(mediaType(file.type()))
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(file.name(), StandardCharsets.UTF_8).build().toString())
			.cacheControl(CacheControl.noCache().cachePrivate())
			.body(new StoredResource(file));
	}

	private static MediaType mediaType(String type) {
		try {
			return MediaType.parseMediaType(type);
		}
		catch (InvalidMediaTypeException ex) {
			return MediaType.APPLICATION_OCTET_STREAM;
		}
	}

	/** Opens the stored file again for each read, so Spring can serve any range of it. */
	private static final class StoredResource extends AbstractResource {

		private final Attachments.StoredFile file;

		StoredResource(Attachments.StoredFile file) {
			this.file = file;
		}

		@Override
		public InputStream getInputStream() {
			return file.content().get();
		}

		@Override
		public long contentLength() {
			return file.length();
		}

		@Override
		public boolean exists() {
			return true;
		}

		@Override
		public String getFilename() {
			return file.name();
		}

		@Override
		public String getDescription() {
			return "attachment " + file.name();
		}

	}

}
