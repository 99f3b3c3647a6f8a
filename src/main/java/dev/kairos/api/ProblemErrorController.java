package dev.kairos.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}), for errors raised outside Spring
 * MVC's handlers (a malformed chunked body, a {@code TRACE}, a filter's
 * {@code sendError}): a problem document like every other error, in place of Spring
 * Boot's {@code BasicErrorController} and its {@code timestamp/status/error} map. Asked
 * for directly, {@code /error} is just not found.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping(path = "${server.error.path:/error}", produces = { MediaType.APPLICATION_PROBLEM_JSON_VALUE,
			MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE })
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		if (status == null || status.value() < 400) {
			status = HttpStatus.NOT_FOUND;
		}
		String detail = switch (status.value()) {
			case 400 -> "the HTTP request is malformed: check the URL's encoding, the headers and the body's framing";
			case 404 -> "no such path";
			case 405 -> "the path does not take this method";
			default -> (status.is5xxServerError()) ? "an unexpected error occurred; it has been logged"
					: "the request was refused";
		};
		ProblemDetail problem = ProblemHandler.problem(status,
				(status.value() == 400) ? ProblemTypes.MALFORMED_REQUEST : ProblemHandler.typeFor(status.value()),
				status.getReasonPhrase(), detail);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
