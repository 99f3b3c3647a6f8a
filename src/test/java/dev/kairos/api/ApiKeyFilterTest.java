package dev.kairos.api;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.kairos.config.KairosProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access rules of {@link ApiKeyFilter}, request by request, without a server: which
 * requests need which key, how path spellings are treated, and the token buckets.
 */
class ApiKeyFilterTest {

	private static final String WRITE = "w-7d0f4a1e9c2b";

	private static final String READ = "r-51c8e3a0b6d4";

	private static ApiKeyFilter filter(List<String> writeKeys, List<String> readKeys, boolean recommendationsOpen,
			double rate, int burst) {
		return new ApiKeyFilter(new KairosProperties.Security(writeKeys, readKeys, recommendationsOpen, rate, burst),
				JsonMapper.builder().build());
	}

	private static int status(ApiKeyFilter filter, String method, String path, String... headers) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		request.setServletPath(path);
		for (int i = 0; i + 1 < headers.length; i += 2) {
			request.addHeader(headers[i], headers[i + 1]);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, response, chain);
		if (chain.getRequest() != null) {
			return 200;
		}
		assertThat(response.getContentType()).isEqualTo("application/problem+json");
		assertThat(response.getContentAsString()).doesNotContain(WRITE).doesNotContain(READ);
		return response.getStatus();
	}

	@Test
	void withoutKeysOrLimitsTheFilterIsOff() {
		assertThat(filter(List.of(), List.of(), false, 0, 1).isActive()).isFalse();
		assertThat(filter(List.of(" "), List.of(""), false, 0, 1).isActive()).isFalse();
		assertThat(filter(List.of(WRITE), List.of(), false, 0, 1).isActive()).isTrue();
		assertThat(filter(List.of(), List.of(), false, 5, 1).isActive()).isTrue();
	}

	@Test
	void writeKeysGuardWritesAndAdminButLeaveReadsOpen() throws Exception {
		ApiKeyFilter filter = filter(List.of("other-key-123", WRITE), List.of(), false, 0, 1);
		assertThat(status(filter, "POST", "/events")).isEqualTo(401);
		assertThat(status(filter, "PUT", "/items/i1")).isEqualTo(401);
		assertThat(status(filter, "DELETE", "/items/i1")).isEqualTo(401);
		// erasing a user is a write
		assertThat(status(filter, "DELETE", "/users/u1")).isEqualTo(401);
		assertThat(status(filter, "DELETE", "/users/u1", "X-API-Key", WRITE)).isEqualTo(200);
		assertThat(status(filter, "PATCH", "/items/i1")).isEqualTo(401);
		assertThat(status(filter, "GET", "/admin/model")).isEqualTo(401);
		assertThat(status(filter, "POST", "/events", "X-API-Key", "nope")).isEqualTo(403);
		assertThat(status(filter, "POST", "/events", "Authorization", "Bearer nope")).isEqualTo(403);
		assertThat(status(filter, "POST", "/events", "X-API-Key", WRITE)).isEqualTo(200);
		assertThat(status(filter, "POST", "/events", "Authorization", "Bearer " + WRITE)).isEqualTo(200);
		assertThat(status(filter, "POST", "/events", "Authorization", "bearer   " + WRITE)).isEqualTo(200);
		assertThat(status(filter, "GET", "/admin/model", "X-API-Key", WRITE)).isEqualTo(200);
		assertThat(status(filter, "GET", "/recommendations")).isEqualTo(200);
		assertThat(status(filter, "GET", "/users/u1")).isEqualTo(200);
		// a Basic header is no API key
		assertThat(status(filter, "POST", "/events", "Authorization", "Basic " + WRITE)).isEqualTo(401);
		assertThat(status(filter, "POST", "/events", "X-API-Key", WRITE + "x")).isEqualTo(403);
		assertThat(status(filter, "POST", "/events", "X-API-Key", "x".repeat(10_000))).isEqualTo(403);
	}

	@Test
	void adminNeedsAWriteKeyWhateverTheSpelling() throws Exception {
		ApiKeyFilter filter = filter(List.of(WRITE), List.of(READ), true, 0, 1);
		for (String path : List.of("/admin", "/admin/", "/ADMIN/model", "/Admin/experiments", "/admin/model/")) {
			assertThat(status(filter, "GET", path)).as(path).isEqualTo(401);
			assertThat(status(filter, "GET", path, "X-API-Key", READ)).as(path).isEqualTo(403);
			assertThat(status(filter, "GET", path, "X-API-Key", WRITE)).as(path).isEqualTo(200);
		}
		assertThat(status(filter, "GET", "/administrators")).isEqualTo(401);
		assertThat(status(filter, "GET", "/administrators", "X-API-Key", READ)).isEqualTo(200);
	}

	@Test
	void readKeysGuardReadsAndRecommendationsMayStayOpen() throws Exception {
		ApiKeyFilter closed = filter(List.of(WRITE), List.of(READ), false, 0, 1);
		assertThat(status(closed, "GET", "/recommendations")).isEqualTo(401);
		assertThat(status(closed, "GET", "/recommendations", "X-API-Key", READ)).isEqualTo(200);
		assertThat(status(closed, "GET", "/recommendations", "X-API-Key", WRITE)).isEqualTo(200);
		assertThat(status(closed, "GET", "/users/u1", "X-API-Key", "wrong")).isEqualTo(403);
		assertThat(status(closed, "POST", "/events", "X-API-Key", READ)).isEqualTo(403);
		ApiKeyFilter open = filter(List.of(WRITE), List.of(READ), true, 0, 1);
		assertThat(status(open, "GET", "/recommendations")).isEqualTo(200);
		assertThat(status(open, "GET", "/recommendations/")).isEqualTo(200);
		assertThat(status(open, "GET", "/users/u1")).isEqualTo(401);
		assertThat(status(open, "GET", "/items/i1", "X-API-Key", READ)).isEqualTo(200);
		// the dashboard's static page loads without a key, so that it can ask for one;
		// its
		// data does not
		assertThat(status(closed, "GET", "/dashboard/")).isEqualTo(200);
		assertThat(status(closed, "GET", "/dashboard/js/main.js")).isEqualTo(200);
		assertThat(status(closed, "GET", "/webjars/uplot/dist/uPlot.esm.js")).isEqualTo(200);
		assertThat(status(closed, "GET", "/dashboard/api/overview")).isEqualTo(401);
		assertThat(status(closed, "POST", "/dashboard/", "X-API-Key", READ)).isEqualTo(403);
		// so do the index page and the API contract, which hold no data
		assertThat(status(closed, "GET", "/")).isEqualTo(200);
		assertThat(status(closed, "GET", "/v3/api-docs")).isEqualTo(200);
		assertThat(status(closed, "GET", "/v3/api-docs.yaml")).isEqualTo(200);
		assertThat(status(closed, "GET", "/swagger-ui/index.html")).isEqualTo(200);
		assertThat(status(closed, "GET", "/v3/api-docsx")).isEqualTo(401);
		assertThat(status(closed, "POST", "/", "X-API-Key", READ)).isEqualTo(403);
	}

	@Test
	void tokenBucketsRefillAtTheirRateAndAreSeparatePerClient() {
		AtomicLong now = new AtomicLong(1_000_000_000L);
		TokenBuckets buckets = new TokenBuckets(2, 3, now::get);
		assertThat(buckets.take("a")).isZero();
		assertThat(buckets.take("a")).isZero();
		assertThat(buckets.take("a")).isZero();
		long wait = buckets.take("a");
		assertThat(wait).isBetween(499_000_000L, 500_000_000L);
		assertThat(buckets.take("b")).isZero();
		now.addAndGet(500_000_000L);
		assertThat(buckets.take("a")).isZero();
		assertThat(buckets.take("a")).isPositive();
		now.addAndGet(10_000_000_000L);
		for (int i = 0; i < 3; i++) {
			assertThat(buckets.take("a")).isZero();
		}
		assertThat(buckets.take("a")).isPositive();
	}

	@Test
	void overTheRateAnswers429WithRetryAfter() throws Exception {
		ApiKeyFilter filter = filter(List.of(WRITE), List.of(), false, 1, 2);
		assertThat(status(filter, "GET", "/recommendations", "X-API-Key", WRITE)).isEqualTo(200);
		assertThat(status(filter, "GET", "/recommendations", "X-API-Key", WRITE)).isEqualTo(200);
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/recommendations");
		request.setServletPath("/recommendations");
		request.addHeader("X-API-Key", WRITE);
		MockHttpServletResponse response = new MockHttpServletResponse();
		filter.doFilter(request, response, new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(429);
		assertThat(response.getHeader("Retry-After")).isEqualTo("1");
		assertThat(response.getContentAsString()).contains("urn:kairos:problem:too-many-requests");
		// another client (no key: its address) has its own bucket
		assertThat(status(filter, "GET", "/recommendations")).isEqualTo(200);
	}

}
