package io.lowband.web;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem details with a stable type per kind of error. */
final class Problems {

	private Problems() {
	}

	static ProblemDetail of(HttpStatus status, String kind, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(kind));
		return problem;
	}

	static URI type(String kind) {
		return URI.create("urn:lowband:problem:" + kind);
	}

	/**
	 * Writes a problem detail from a servlet filter, where Spring MVC's message converters are not at hand. The
	 * texts are the server's own, without quotes or backslashes, so no JSON escaping is needed.
	 */
	static void write(HttpServletResponse response, HttpStatus status, String kind, String detail) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter()
			.write("{\"type\":\"" + type(kind) + "\",\"title\":\"" + status.getReasonPhrase() + "\",\"status\":"
					+ status.value() + ",\"detail\":\"" + detail + "\"}");
	}

}
