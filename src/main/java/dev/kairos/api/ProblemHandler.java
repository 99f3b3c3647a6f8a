package dev.kairos.api;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.evaluation.ServedLog;
import dev.kairos.events.BatchTooLargeException;
import dev.kairos.events.EventLogUnavailableException;
import dev.kairos.features.StoreUnavailableException;
import dev.kairos.metrics.KairosMetrics;
import dev.kairos.validation.InvalidInputException;
import dev.kairos.validation.UnknownEntityException;
import dev.kairos.validation.Violation;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Maps every error to an RFC 9457 problem document with a stable {@code type} from
 * {@link ProblemTypes}. Answers never carry stack traces or internal messages.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	private final long retryAfterSeconds;

	private final KairosMetrics metrics;

	ProblemHandler(RetryAfter retryAfter, KairosMetrics metrics) {
		this.retryAfterSeconds = retryAfter.seconds();
		this.metrics = metrics;
	}

	/**
	 * Counts a refused {@code POST /events}; other endpoints' problems are not events.
	 */
	private void rejectedIfEvents(WebRequest request, String reason) {
		if (EVENTS_PATH.equals(path(request))) {
			this.metrics.rejected(reason);
		}
	}

	private static String path(WebRequest request) {
		return (request instanceof NativeWebRequest nativeRequest
				&& nativeRequest.getNativeRequest() instanceof HttpServletRequest http) ? http.getRequestURI() : null;
	}

	private static final String EVENTS_PATH = "/events";

	private static final String RECOMMENDATIONS_PATH = "/recommendations";

	/** The {@code Retry-After} given with 503 answers. */
	record RetryAfter(long seconds) {
	}

	@ExceptionHandler(InvalidInputException.class)
	ResponseEntity<Object> invalid(InvalidInputException ex, WebRequest request) {
		rejectedIfEvents(request, "invalid");
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
				summary(ex.violations()));
		List<Map<String, Object>> errors = new ArrayList<>();
		for (Violation v : ex.violations()) {
			Map<String, Object> error = new LinkedHashMap<>();
			if (v.index() != null) {
				error.put("index", v.index());
			}
			error.put("field", v.field());
			error.put("message", v.message());
			errors.add(error);
		}
		problem.setProperty("errors", errors);
		return ResponseEntity.of(problem).build();
	}

	@ExceptionHandler(BatchTooLargeException.class)
	ResponseEntity<Object> batchTooLarge(BatchTooLargeException ex, WebRequest request) {
		rejectedIfEvents(request, "too-large");
		ProblemDetail problem = problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.BATCH_TOO_LARGE, "Batch too large",
				ex.getMessage() + "; split it into several requests");
		problem.setProperty("maxBatch", ex.max());
		return ResponseEntity.of(problem).build();
	}

	@ExceptionHandler(BodyTooLargeException.class)
	ResponseEntity<Object> bodyTooLarge(BodyTooLargeException ex, WebRequest request) {
		rejectedIfEvents(request, "too-large");
		return ResponseEntity.of(bodyTooLargeProblem(ex.limit())).build();
	}

	@ExceptionHandler(UnknownEntityException.class)
	ResponseEntity<Object> unknown(UnknownEntityException ex) {
		return ResponseEntity.of(problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found", ex.getMessage()))
			.build();
	}

	@ExceptionHandler(EventLogUnavailableException.class)
	ResponseEntity<Object> eventLogUnavailable(EventLogUnavailableException ex, WebRequest request) {
		rejectedIfEvents(request, "unavailable");
		log.warn("Refused events with 503: {}", ex.getMessage());
		return unavailable(ProblemTypes.EVENT_LOG_UNAVAILABLE, "Event log unavailable",
				"the events could not be stored durably in time; none of them was acknowledged. "
						+ "Retry later with the same eventIds to avoid counting any twice");
	}

	@ExceptionHandler(ServedLog.LogUnavailableException.class)
	ResponseEntity<Object> servedLogUnavailable(ServedLog.LogUnavailableException ex) {
		log.warn("Answered 503, the served log could not be read: {}", ex.getMessage());
		return unavailable(ProblemTypes.EVENT_LOG_UNAVAILABLE, "Event log unavailable",
				"the slate and event log could not be read in time; retry later, or with a later since");
	}

	@ExceptionHandler(StoreUnavailableException.class)
	ResponseEntity<Object> storeUnavailable(StoreUnavailableException ex, WebRequest request) {
		rejectedIfEvents(request, "unavailable");
		if (RECOMMENDATIONS_PATH.equals(path(request))) {
			this.metrics.degraded("store-unavailable");
		}
		log.warn("Answered 503, feature store unavailable: {}", ex.getMessage());
		return unavailable(ProblemTypes.STORE_UNAVAILABLE, "Feature store unavailable",
				"the feature store could not be reached; retry later");
	}

	/**
	 * Tomcat parses the query string lazily, when a controller first asks for a
	 * parameter, and throws this for bad percent-encoding ({@code %ZZ}, a lone
	 * {@code %}).
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<Object> invalidParameter(InvalidParameterException ex) {
		return ResponseEntity
			.of(problem(HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
					"the query string is not valid: check its percent-encoding"))
			.build();
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception ex) {
		log.error("Unexpected error", ex);
		return ResponseEntity
			.of(problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR, "Internal error",
					"an unexpected error occurred; it has been logged"))
			.build();
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodyTooLargeException tooLarge) {
				rejectedIfEvents(request, "too-large");
				return ResponseEntity.of(bodyTooLargeProblem(tooLarge.limit())).build();
			}
		}
		rejectedIfEvents(request, "malformed");
		return ResponseEntity
			.of(problem(HttpStatus.BAD_REQUEST, ProblemTypes.MALFORMED_BODY, "Malformed body",
					"the body is not well-formed JSON, or is empty"))
			.build();
	}

	/**
	 * Gives every problem that Spring MVC itself raises a Kairos type, and no instance.
	 */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || !problem.getType().toString().startsWith("urn:kairos:"))) {
			problem.setType(typeFor(statusCode.value()));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	static URI typeFor(int status) {
		return switch (status) {
			case 401 -> ProblemTypes.UNAUTHORIZED;
			case 403 -> ProblemTypes.FORBIDDEN;
			case 404 -> ProblemTypes.NOT_FOUND;
			case 405 -> ProblemTypes.METHOD_NOT_ALLOWED;
			case 406 -> ProblemTypes.NOT_ACCEPTABLE;
			case 413 -> ProblemTypes.BODY_TOO_LARGE;
			case 415 -> ProblemTypes.UNSUPPORTED_MEDIA_TYPE;
			case 429 -> ProblemTypes.TOO_MANY_REQUESTS;
			case 400 -> ProblemTypes.INVALID_REQUEST;
			default -> (status >= 500) ? ProblemTypes.INTERNAL_ERROR : ProblemTypes.BAD_REQUEST;
		};
	}

	private ResponseEntity<Object> unavailable(URI type, String title, String detail) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds))
			.body(problem(HttpStatus.SERVICE_UNAVAILABLE, type, title, detail));
	}

	static ProblemDetail bodyTooLargeProblem(long limit) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.BODY_TOO_LARGE, "Body too large",
				"the body is larger than " + limit + " bytes");
	}

	static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type);
		problem.setTitle(title);
		return problem;
	}

	private static String summary(List<Violation> violations) {
		Violation first = violations.get(0);
		String where = (first.index() != null ? "[" + first.index() + "] " : "")
				+ (first.field() != null ? first.field() + " " : "");
		String more = (violations.size() > 1) ? " (and " + (violations.size() - 1) + " more, see errors)" : "";
		return (where.isEmpty() ? "" : where) + first.message() + more;
	}

}
