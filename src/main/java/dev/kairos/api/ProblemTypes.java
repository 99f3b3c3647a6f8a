package dev.kairos.api;

import java.net.URI;

/**
 * The stable {@code type} URIs of Kairos' problem documents (RFC 9457). docs/api.md lists
 * them with their meaning; clients may switch on them.
 */
public final class ProblemTypes {

	/** 400: a field, parameter or element is invalid; {@code errors} lists each. */
	public static final URI INVALID_REQUEST = of("invalid-request");

	/**
	 * 400: the HTTP request itself (request line, URL encoding, headers, framing) is
	 * malformed; the server refused it before reading it.
	 */
	public static final URI MALFORMED_REQUEST = of("malformed-request");

	/** 400: the body is not well-formed JSON. */
	public static final URI MALFORMED_BODY = of("malformed-body");

	/** 401: the request needs an API key and has none. */
	public static final URI UNAUTHORIZED = of("unauthorized");

	/** 403: the API key is not valid, or may not make this request. */
	public static final URI FORBIDDEN = of("forbidden");

	/** 404: no such user, item or path. */
	public static final URI NOT_FOUND = of("not-found");

	/** 405: the path does not take this method. */
	public static final URI METHOD_NOT_ALLOWED = of("method-not-allowed");

	/** 406: the client accepts no type Kairos can answer with. */
	public static final URI NOT_ACCEPTABLE = of("not-acceptable");

	/** 413: the body is larger than {@code kairos.api.max-body-size}. */
	public static final URI BODY_TOO_LARGE = of("body-too-large");

	/** 413: a batch holds more elements than allowed. */
	public static final URI BATCH_TOO_LARGE = of("batch-too-large");

	/** 415: the body is not {@code application/json}. */
	public static final URI UNSUPPORTED_MEDIA_TYPE = of("unsupported-media-type");

	/**
	 * 429: the API key's (or client's) rate limit is exceeded; see {@code Retry-After}.
	 */
	public static final URI TOO_MANY_REQUESTS = of("too-many-requests");

	/**
	 * 503: Kafka did not acknowledge the events in time; retry after {@code Retry-After}.
	 */
	public static final URI EVENT_LOG_UNAVAILABLE = of("event-log-unavailable");

	/** 503: the feature store (Redis) could not be reached. */
	public static final URI STORE_UNAVAILABLE = of("store-unavailable");

	/** 500: an unexpected error; details are in the server's log, never in the answer. */
	public static final URI INTERNAL_ERROR = of("internal-error");

	/** Any other client error, with the HTTP status as its meaning. */
	public static final URI BAD_REQUEST = of("bad-request");

	private ProblemTypes() {
	}

	private static URI of(String name) {
		return URI.create("urn:kairos:problem:" + name);
	}

}
