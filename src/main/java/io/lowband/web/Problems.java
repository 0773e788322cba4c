package io.lowband.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
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

}
