package dev.kairos.api;

import java.util.List;
import java.util.UUID;

import dev.kairos.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API keys on a running Kairos (real HTTP, real Kafka and Redis): writes and admin need a
 * write key, reads a read key; 401 without a key, 403 with a wrong one; keys never reach
 * the log; actuator answers only on the management port; error bodies carry no internals.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "management.server.port=0",
		"kairos.security.write-keys=" + ApiSecurityTest.WRITE + "," + ApiSecurityTest.WRITE_2,
		"kairos.security.read-keys=" + ApiSecurityTest.READ + "," + ApiSecurityTest.RATE,
		"kairos.security.recommendations-open=false", "kairos.security.rate-limit=5", "kairos.security.burst=30",
		// the most talkative levels a production log would use, to catch a key in
		// any
		"logging.level.dev.kairos=TRACE", "logging.level.org.springframework.web=DEBUG",
		"logging.level.org.apache.catalina=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class ApiSecurityTest {

	static final String WRITE = "kw-3f9a0c5e8b1d4e7f";

	static final String WRITE_2 = "kw-b2e4d6f8a0c2e4f6";

	static final String READ = "kr-0a1b2c3d4e5f6a7b";

	static final String RATE = "kr-9e8d7c6b5a4f3e2d";

	private static final String WRONG = "kx-deadbeefcafe0042";

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String event(String user) {
		return "{\"userId\":\"" + user + "\",\"itemId\":\"i1\",\"type\":\"click\"}";
	}

	private static void assertProblem(Http.Answer answer, int status, String type) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.contentType()).isEqualTo("application/problem+json");
		JsonNode body = answer.json();
		assertThat(body.get("type").asString()).isEqualTo("urn:kairos:problem:" + type);
		assertThat(body.get("status").asInt()).isEqualTo(status);
		assertThat(body.get("detail").asString()).isNotBlank();
		assertNoInternals(answer);
	}

	private static void assertNoInternals(Http.Answer answer) {
		assertThat(answer.body()).doesNotContain("Exception")
			.doesNotContain("\tat ")
			.doesNotContain("dev.kairos.")
			.doesNotContain("org.springframework")
			.doesNotContain("\"trace\"")
			.doesNotContain(WRITE)
			.doesNotContain(WRITE_2)
			.doesNotContain(READ)
			.doesNotContain(WRONG);
	}

	@Test
	void writesAndAdminWithoutAKeyGet401WithAChallengeAndChangeNothing() {
		Http http = new Http(this.port);
		String item = unique("item");
		for (Http.Answer answer : List.of(http.request("POST", "/events", event(unique("u"))),
				http.request("PUT", "/items/" + item, "{\"category\":\"c\"}"),
				http.request("POST", "/items", "[{\"itemId\":\"" + item + "\",\"category\":\"c\"}]"),
				http.request("DELETE", "/items/" + item, null), http.request("GET", "/admin/model", null),
				http.request("POST", "/admin/model/freeze", null))) {
			assertProblem(answer, 401, "unauthorized");
			assertThat(answer.raw().headers().allValues("WWW-Authenticate")).anyMatch((v) -> v.startsWith("Bearer"))
				.anyMatch((v) -> v.startsWith("ApiKey"));
		}
		assertProblem(http.request("GET", "/items/" + item, null, "X-API-Key", READ), 404, "not-found");
		assertThat(http.request("GET", "/admin/model", null, "X-API-Key", WRITE).json().get("frozen").asBoolean())
			.isFalse();
	}

	@Test
	void aWrongKeyOrAReadKeyGets403ForWrites() {
		Http http = new Http(this.port);
		String item = unique("item");
		assertProblem(http.request("POST", "/events", event(unique("u")), "X-API-Key", WRONG), 403, "forbidden");
		assertProblem(http.request("POST", "/events", event(unique("u")), "Authorization", "Bearer " + WRONG), 403,
				"forbidden");
		assertProblem(http.request("PUT", "/items/" + item, "{\"category\":\"c\"}", "X-API-Key", READ), 403,
				"forbidden");
		assertProblem(http.request("POST", "/admin/model/freeze", null, "X-API-Key", READ), 403, "forbidden");
		assertProblem(http.request("GET", "/recommendations?userId=u1", null, "X-API-Key", WRONG), 403, "forbidden");
		assertProblem(http.request("GET", "/items/" + item, null, "X-API-Key", READ), 404, "not-found");
	}

	@Test
	void theRightKeysWriteAndRead() {
		Http http = new Http(this.port);
		String item = unique("item");
		String user = unique("user");
		assertThat(http.request("PUT", "/items/" + item, "{\"category\":\"c\"}", "X-API-Key", WRITE).status())
			.isEqualTo(201);
		Http.Answer accepted = http.request("POST", "/events", event(user), "Authorization", "Bearer " + WRITE_2);
		assertThat(accepted.status()).isEqualTo(202);
		assertThat(accepted.json().get("accepted").asInt()).isEqualTo(1);
		assertProblem(http.request("GET", "/recommendations?userId=" + user, null), 401, "unauthorized");
		assertThat(http.request("GET", "/recommendations?userId=" + user, null, "X-API-Key", READ).status())
			.isEqualTo(200);
		assertThat(http.request("GET", "/items/" + item, null, "X-API-Key", WRITE).status()).isEqualTo(200);
		assertThat(http.request("DELETE", "/items/" + item, null, "X-API-Key", WRITE).status()).isEqualTo(204);
	}

	@Test
	void keysNeverAppearInTheLog(CapturedOutput output) {
		Http http = new Http(this.port);
		int before = output.getAll().length();
		assertThat(http.request("POST", "/events", event(unique("u")), "X-API-Key", WRONG).status()).isEqualTo(403);
		assertThat(http.request("POST", "/events", "{broken", "X-API-Key", WRITE).status()).isEqualTo(400);
		assertThat(http.request("POST", "/events", event(unique("u")), "Authorization", "Bearer " + WRITE_2).status())
			.isEqualTo(202);
		assertThat(http.request("GET", "/users/nobody", null, "X-API-Key", READ).status()).isEqualTo(404);
		String log = output.getAll().substring(before);
		// the capture works: the requests were logged at DEBUG
		assertThat(log).contains("/events");
		assertThat(log).doesNotContain(WRITE).doesNotContain(WRITE_2).doesNotContain(READ).doesNotContain(WRONG);
		assertThat(output.getAll()).doesNotContain(WRITE).doesNotContain(WRITE_2).doesNotContain(READ);
	}

	@Test
	void actuatorAnswersOnlyOnTheManagementPort() {
		assertProblem(new Http(this.port).request("GET", "/actuator/health", null, "X-API-Key", WRITE), 404,
				"not-found");
		assertProblem(new Http(this.port).request("GET", "/actuator/prometheus", null, "X-API-Key", WRITE), 404,
				"not-found");
		Http.Answer health = new Http(this.managementPort).get("/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().get("status").asString()).isEqualTo("UP");
	}

	@Test
	void errorBodiesCarryNoStackTracesOrInternals() {
		Http http = new Http(this.port);
		assertProblem(http.request("POST", "/events", "{\"userId\": [", "X-API-Key", WRITE), 400, "malformed-body");
		assertProblem(http.request("POST", "/events", "{\"userId\":{\"a\":1},\"value\":1e99999}", "X-API-Key", WRITE),
				400, "invalid-request");
		assertProblem(http.request("GET", "/recommendations?userId=u1&count=abc", null, "X-API-Key", READ), 400,
				"invalid-request");
		assertProblem(http.request("PATCH", "/events", "{}", "X-API-Key", WRITE), 405, "method-not-allowed");
		assertProblem(http.request("GET", "/no/such/thing", null, "X-API-Key", READ), 404, "not-found");
		assertProblem(http.request("POST", "/admin/model/rollback/notanumber", null, "X-API-Key", WRITE), 400,
				"invalid-request");
		assertProblem(http.request("POST", "/events", "x".repeat(2 * 1024 * 1024), "X-API-Key", WRITE), 413,
				"body-too-large");
	}

	@Test
	void overTheRateLimitAnswers429WithRetryAfter() {
		Http http = new Http(this.port);
		// a key of its own, so the other tests' requests do not share this bucket
		int limited = 0;
		Http.Answer last = null;
		for (int i = 0; i < 120 && limited == 0; i++) {
			last = http.request("GET", "/recommendations?userId=rate", null, "Authorization", "Bearer " + RATE);
			if (last.status() == 429) {
				limited++;
			}
		}
		assertThat(limited).isPositive();
		assertProblem(last, 429, "too-many-requests");
		assertThat(Integer.parseInt(last.raw().headers().firstValue("Retry-After").orElseThrow())).isPositive();
	}

}
