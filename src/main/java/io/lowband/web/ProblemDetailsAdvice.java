package io.lowband.web;

import java.util.List;
import java.util.Map;

import io.lowband.chat.ChatRejected;
import io.lowband.chat.SendNotStored;
import io.lowband.user.BadCredentials;
import io.lowband.user.RateLimited;
import io.lowband.user.UnknownUser;
import io.lowband.user.UsernameTaken;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every REST error is an RFC 9457 problem detail whose {@code type} names the kind of error and whose
 * {@code detail} is a sentence a person can read.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ProblemDetail chatRejected(ChatRejected ex) {
		return Problems.of(HttpStatus.valueOf(ex.rejection().httpStatus()), ex.rejection().code(), ex.getMessage());
	}

	/** Nothing was stored, or it is not known yet: the client sends the same message again, under the same id. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> sendNotStored(SendNotStored ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, "1")
			.body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "not-stored", ex.getMessage()));
	}

	@ExceptionHandler
	ProblemDetail usernameTaken(UsernameTaken ex) {
		return Problems.of(HttpStatus.CONFLICT, "username-taken", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail badCredentials(BadCredentials ex) {
		return Problems.of(HttpStatus.UNAUTHORIZED, "bad-credentials", ex.getMessage());
	}

	/** Too many attempts of some kind (sign-ins, rooms): 429, and when to try again. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> rateLimited(RateLimited ex) {
		long seconds = ex.retryAfter().plusMillis(999).toSeconds();
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
			.body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, ex.kind(), ex.getMessage()));
	}

	@ExceptionHandler
	ProblemDetail unknownUser(UnknownUser ex) {
		return Problems.of(HttpStatus.NOT_FOUND, "unknown-user", ex.getMessage());
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((e) -> Map.of("field", e.getField(), "message", String.valueOf(e.getDefaultMessage())))
			.toList();
		FieldError first = ex.getBindingResult().getFieldError();
		String detail = (first == null) ? "The request is not valid."
				: "The " + first.getField() + " " + first.getDefaultMessage() + ".";
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", detail);
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = ex.getParameterValidationResults()
			.stream()
			.findFirst()
			.map((r) -> "The " + r.getMethodParameter().getParameterName() + " "
					+ r.getResolvableErrors().get(0).getDefaultMessage() + ".")
			.orElse("The request is not valid.");
		return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", detail));
	}

	/** A query or path value of the wrong type, e.g. {@code limit=many}. */
	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		return ResponseEntity.badRequest()
			.body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request",
					"The " + name + " '" + ex.getValue() + "' is not a valid value."));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (BodySizeLimit.causedByTooLarge(ex)) {
			// Reading stopped at the limit (BodySizeLimit); the rest of the body is not worth reading.
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
				.header(HttpHeaders.CONNECTION, "close")
				.body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", rootMessage(ex)));
		}
		return ResponseEntity.badRequest()
			.body(Problems.of(HttpStatus.BAD_REQUEST, "malformed", "The request body is not valid JSON."));
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (!(cause instanceof BodyTooLarge) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause.getMessage();
	}

}
