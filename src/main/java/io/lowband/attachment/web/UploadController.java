package io.lowband.attachment.web;

import java.io.IOException;
import java.security.Principal;

import io.lowband.attachment.UploadEndpoint;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Resumable uploads, the tus 1.0 protocol (core, creation, checksum, termination, expiration): {@code POST
 * /api/uploads} with {@code Upload-Length} and {@code Upload-Metadata} creates one and answers its
 * {@code Location}; {@code HEAD} there says how many bytes arrived ({@code Upload-Offset}) and {@code PATCH} appends
 * from there. docs/protocol.md, "Attachments".
 */
@RestController
class UploadController {

	private final UploadEndpoint uploads;

	UploadController(UploadEndpoint uploads) {
		this.uploads = uploads;
	}

	@RequestMapping(path = { "/api/uploads", "/api/uploads/{id}" }, method = { RequestMethod.POST, RequestMethod.HEAD,
			RequestMethod.PATCH, RequestMethod.DELETE, RequestMethod.OPTIONS })
	void tus(Principal me, HttpServletRequest request, HttpServletResponse response) throws IOException {
		uploads.handle(me.getName(), request, response);
	}

}
