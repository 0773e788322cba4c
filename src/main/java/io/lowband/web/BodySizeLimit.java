package io.lowband.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies before anything parses them: a declared length over the limit is refused at once, and a body
 * without one (chunked) fails with {@link BodyTooLarge} as soon as reading passes the limit. Tomcat has no such
 * limit for JSON: its own caps cover only form posts.
 * <p>
 * Resumable uploads ({@code /api/uploads/...}) carry files: there tus-java-server holds a request to the length the
 * upload declared, which {@code lowband.attachment.max-size} bounds.
 */
class BodySizeLimit extends OncePerRequestFilter {

	private final long limit;

	static final String UPLOADS = "/api/uploads/";

	BodySizeLimit(long limit) {
		this.limit = limit;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getRequestURI().startsWith(UPLOADS);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > limit) {
			reject(response, limit);
			return;
		}
		try {
			chain.doFilter(new Limited(request, limit), response);
		}
		catch (IOException | ServletException ex) {
			// Spring MVC answers for its own reads (ProblemDetailsAdvice); this covers anything else that read.
			if (!causedByTooLarge(ex) || response.isCommitted()) {
				throw ex;
			}
			response.reset();
			reject(response, limit);
		}
	}

	/** 413 and close: the rest of the body is not worth reading. */
	static void reject(HttpServletResponse response, long limit) throws IOException {
		response.setHeader("Connection", "close");
		Problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "body-too-large",
				"The request body is larger than " + limit + " bytes.");
	}

	static boolean causedByTooLarge(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLarge) {
				return true;
			}
		}
		return false;
	}

	private static final class Limited extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		Limited(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				stream = new Counting(super.getInputStream(), limit);
			}
			return stream;
		}

		@Override
		public BufferedReader getReader() throws IOException {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

	}

	private static final class Counting extends ServletInputStream {

		private final ServletInputStream in;

		private final long limit;

		private long count;

		Counting(ServletInputStream in, long limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = in.read(buffer, offset, length);
			if (n > 0) {
				counted(n);
			}
			return n;
		}

		private void counted(int n) throws BodyTooLarge {
			count += n;
			if (count > limit) {
				throw new BodyTooLarge(limit);
			}
		}

		@Override
		public boolean isFinished() {
			return in.isFinished();
		}

		@Override
		public boolean isReady() {
			return in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			in.setReadListener(listener);
		}

	}

}
