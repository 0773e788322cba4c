package io.lowband.web;

import java.io.IOException;

/** A request body went past the limit while it was read (one sent without a length, or chunked). */
class BodyTooLarge extends IOException {

	BodyTooLarge(long limit) {
		super("The request body is larger than " + limit + " bytes.");
	}

}
