package io.lowband.attachment;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A refused upload or download as a problem detail, with a type URI like the rest of the API's errors
 * ({@code urn:lowband:problem:<kind>}); Spring MVC writes it.
 */
public class AttachmentProblem extends ErrorResponseException {

	AttachmentProblem(HttpStatus status, String kind, String detail) {
		super(status, detail(status, kind, detail), null);
	}

	private static ProblemDetail detail(HttpStatus status, String kind, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("urn:lowband:problem:" + kind));
		return problem;
	}

}
