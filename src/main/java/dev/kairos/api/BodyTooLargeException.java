package dev.kairos.api;

import java.io.IOException;

/** A request body went past the configured limit while being read. */
class BodyTooLargeException extends IOException {

	private final long limit;

	BodyTooLargeException(long limit) {
		super("request body larger than " + limit + " bytes");
		this.limit = limit;
	}

	long limit() {
		return this.limit;
	}

}
