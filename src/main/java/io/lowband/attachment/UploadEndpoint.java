package io.lowband.attachment;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import me.desair.tus.server.HttpHeader;
import me.desair.tus.server.TusFileUploadService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Hands a signed-in user's tus request to tus-java-server, with the user as the upload's owner. A new upload must
 * say its length, within {@link AttachmentSettings#maxSize()}: that is refused here, with a sentence, before any
 * byte is read.
 */
@Component
public class UploadEndpoint {

	private static final Logger log = LoggerFactory.getLogger(UploadEndpoint.class);

	private final TusFileUploadService tus;

	private final AttachmentSettings settings;

	UploadEndpoint(TusFileUploadService tus, AttachmentSettings settings) {
		this.tus = tus;
		this.settings = settings;
	}

	public void handle(String username, HttpServletRequest request, HttpServletResponse response) throws IOException {
		if ("POST".equals(request.getMethod())) {
			checkLength(request.getHeader(HttpHeader.UPLOAD_LENGTH));
		}
		try {
			tus.process(request, response, username);
		}
		catch (IOException ex) {
			// The client went away mid-request; what arrived is kept and it resumes from there.
			log.debug("Upload request {} {} broke off: {}", request.getMethod(), request.getRequestURI(), ex.toString());
		}
	}

	private void checkLength(String header) {
		long max = settings.maxSize().toBytes();
		long length;
		try {
			length = Long.parseLong(header);
		}
		catch (NumberFormatException ex) {
			throw new AttachmentProblem(HttpStatus.BAD_REQUEST, "upload-length-required",
					"A new upload says its size in bytes in the Upload-Length header (deferring it is not supported).");
		}
		if (length > max) {
			throw new AttachmentProblem(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large",
					"The file is " + length + " bytes; the largest upload is " + max + " bytes.");
		}
		if (length < 0) {
			throw new AttachmentProblem(HttpStatus.BAD_REQUEST, "upload-length-required", "Upload-Length cannot be negative.");
		}
	}
}
