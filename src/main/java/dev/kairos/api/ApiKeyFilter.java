package dev.kairos.api;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import dev.kairos.config.KairosProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * API keys and rate limits of the REST API. A key comes in {@code X-API-Key} or
 * {@code Authorization: Bearer}. When write keys are configured, every request that is
 * not {@code GET}, {@code HEAD} or {@code OPTIONS}, and everything under {@code /admin},
 * needs a write key; when read keys are configured, reads need a read or write key
 * ({@code GET /recommendations} stays open if so configured). No key where one is needed:
 * 401 with {@code WWW-Authenticate}; a wrong or too weak key: 403; over the key's rate:
 * 429 with {@code Retry-After}. Keys are never logged nor echoed.
 */
class ApiKeyFilter extends OncePerRequestFilter {

	static final String HEADER = "X-API-Key";

	private static final String BEARER = "bearer ";

	/** Longer values are refused without hashing them. */
	private static final int MAX_KEY_LENGTH = 512;

	private final ApiKeys writeKeys;

	private final ApiKeys readKeys;

	private final boolean recommendationsOpen;

	private final TokenBuckets buckets;

	private final JsonMapper json;

	ApiKeyFilter(KairosProperties.Security security, JsonMapper json) {
		this.writeKeys = ApiKeys.of("write", security.writeKeys());
		this.readKeys = ApiKeys.of("read", security.readKeys());
		this.recommendationsOpen = security.recommendationsOpen();
		this.buckets = (security.rateLimit() > 0)
				? new TokenBuckets(security.rateLimit(), security.burst(), System::nanoTime) : null;
		this.json = json;
	}

	/** Whether the filter has anything to do. */
	boolean isActive() {
		return !this.writeKeys.isEmpty() || !this.readKeys.isEmpty() || this.buckets != null;
	}

	private enum Access {

		OPEN, READ, WRITE

	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Access needed = needed(request);
		String presented = presentedKey(request);
		String identity = null;
		boolean write = false;
		if (presented != null && presented.length() <= MAX_KEY_LENGTH) {
			byte[] digest = ApiKeys.digest(presented);
			String writeIdentity = this.writeKeys.identify(digest);
			String readIdentity = this.readKeys.identify(digest);
			write = writeIdentity != null;
			identity = write ? writeIdentity : readIdentity;
		}
		if (needed != Access.OPEN) {
			if (presented == null) {
				response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "ApiKey realm=\"kairos\", header=\"" + HEADER + "\"");
				response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kairos\"");
				refuse(response, HttpStatus.UNAUTHORIZED, ProblemTypes.UNAUTHORIZED, "API key required",
						"this request needs an API key in the " + HEADER + " header or as Authorization: Bearer");
				return;
			}
			if (identity == null || (needed == Access.WRITE && !write)) {
				refuse(response, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", (identity == null)
						? "the API key is not valid" : "the API key may read but not write or administer");
				return;
			}
		}
		if (this.buckets != null) {
			String client = (identity != null) ? identity : "address:" + request.getRemoteAddr();
			long waitNanos = this.buckets.take(client);
			if (waitNanos > 0) {
				long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
				refuse(response, HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.TOO_MANY_REQUESTS, "Too many requests",
						"the rate limit of this API key (or client) is exceeded; retry after " + seconds + " s");
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private Access needed(HttpServletRequest request) {
		// the servlet path is decoded and normalised (no "..", "//" or ";params"), as the
		// handler mappings see it; lower case so that no spelling slips past
		String path = path(request).toLowerCase(Locale.ROOT);
		String method = request.getMethod().toUpperCase(Locale.ROOT);
		boolean read = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
		boolean admin = path.equals("/admin") || path.startsWith("/admin/");
		if ((admin || !read) && !this.writeKeys.isEmpty()) {
			return Access.WRITE;
		}
		// the dashboard's page and its scripts are static: they must load to ask for a
		// key (the data they show comes from the API, which stays guarded); so are the
		// index page and the API contract with its Swagger UI, which hold no data
		boolean page = read && ((path.startsWith("/dashboard") && !path.startsWith("/dashboard/api"))
				|| path.startsWith("/webjars/") || path.equals("/") || path.startsWith("/swagger-ui")
				|| path.equals("/v3/api-docs") || path.startsWith("/v3/api-docs/") || path.startsWith("/v3/api-docs."));
		if (page || this.readKeys.isEmpty()
				|| (this.recommendationsOpen && path.equals("/recommendations") && !admin)) {
			return Access.OPEN;
		}
		return Access.READ;
	}

	private static String path(HttpServletRequest request) {
		String servletPath = request.getServletPath();
		String pathInfo = request.getPathInfo();
		String path = ((servletPath != null) ? servletPath : "") + ((pathInfo != null) ? pathInfo : "");
		while (path.length() > 1 && path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return path.isEmpty() ? "/" : path;
	}

	/** The key in {@code X-API-Key}, else a bearer token, else null. */
	private static String presentedKey(HttpServletRequest request) {
		String key = request.getHeader(HEADER);
		if (key != null && !key.isBlank()) {
			return key.strip();
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.length() > BEARER.length()
				&& authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			String token = authorization.substring(BEARER.length()).strip();
			return token.isEmpty() ? null : token;
		}
		return null;
	}

	private void refuse(HttpServletResponse response, HttpStatus status, java.net.URI type, String title, String detail)
			throws IOException {
		ProblemDetail problem = ProblemHandler.problem(status, type, title, detail);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), problem);
	}

}
