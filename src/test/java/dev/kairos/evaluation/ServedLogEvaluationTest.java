package dev.kairos.evaluation;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.kairos.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /admin/evaluation} and {@code java -jar kairos.jar evaluate} on the
 * service's own log, on a real Kafka broker and a real Redis: what was served and clicked
 * is what the evaluation reads back; bad parameters are problem documents. Its own
 * context, so its slates topic holds only its own slates.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.learning.holdout-share=0" })
class ServedLogEvaluationTest {

	@LocalServerPort
	private int port;

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String click(String user, String item, String recommendationId) {
		return "{\"userId\":\"" + user + "\",\"itemId\":\"" + item + "\",\"type\":\"click\""
				+ ((recommendationId != null) ? ",\"recommendationId\":\"" + recommendationId + "\"" : "") + "}";
	}

	@Test
	void theEvaluationReadsBackWhatWasServedAndClicked() {
		Http http = new Http(this.port);
		Instant start = Instant.now().minusSeconds(1);
		String category = unique("c");
		for (int i = 0; i < 6; i++) {
			assertThat(http.put("/items/" + category + "-" + i, "{\"category\":\"" + category + "\"}").status())
				.isEqualTo(201);
		}
		String user = unique("u");
		String other = unique("v");
		JsonNode first = http.get("/recommendations?userId=" + user + "&count=3&category=" + category).json();
		JsonNode second = http.get("/recommendations?userId=" + other + "&count=3&category=" + category).json();
		assertThat(first.get("items").size()).isEqualTo(3);
		assertThat(second.get("items").size()).isEqualTo(3);
		// one click naming its slate, one found by user and item, and a click on an item
		// never shown to that user (no slate: not counted)
		assertThat(http
			.post("/events",
					"[" + click(user, first.get("items").get(1).get("itemId").asString(),
							first.get("recommendationId").asString()) + ","
							+ click(other, second.get("items").get(0).get("itemId").asString(), null) + ","
							+ click(other, unique("elsewhere"), null) + "]")
			.status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			JsonNode answer = http.get("/admin/evaluation?policy=popularity&since=" + start).json();
			assertThat(answer.get("policy").asString()).isEqualTo("popularity");
			assertThat(answer.get("logged").get("slates").asLong()).isEqualTo(2);
			assertThat(answer.get("logged").get("impressions").asLong()).isEqualTo(6);
			assertThat(answer.get("logged").get("clicks").asLong()).isEqualTo(2);
			assertThat(answer.get("logged").get("ctr").asDouble()).isEqualTo(2 / 6.0);
		});
		// (since this test's start: the class's other tests served slates too)
		JsonNode answer = http.get("/admin/evaluation?policy=linucb&alpha=0.5&since=" + start).json();
		assertThat(answer.get("alpha").asDouble()).isEqualTo(0.5);
		assertThat(answer.get("logged").get("impressions").asLong()).isEqualTo(6);
		for (String estimator : new String[] { "replay", "ips", "snips", "dr" }) {
			JsonNode e = answer.get("estimators").get(estimator);
			assertThat(e.has("value") && e.has("lower") && e.has("upper")).as(estimator).isTrue();
		}
		// IPS never exceeds what the log could pay: rewards are 0 or 1
		double ips = answer.get("estimators").get("ips").get("value").asDouble();
		assertThat(ips).isBetween(0.0, 1.0 / answer.get("support").get("minimumPropensity").asDouble());
		// a window that starts after the slates holds none
		JsonNode later = http.get("/admin/evaluation?policy=popularity&since=" + Instant.now().plusSeconds(60)).json();
		assertThat(later.get("logged").get("impressions").asLong()).isZero();
		assertThat(later.get("estimators").get("ips").get("value").isNull()).isTrue();
	}

	@Test
	void theCommandLinePrintsTheSameEvaluation() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = EvaluateCommand.run(
				new String[] { "--policy", "popularity", "--url", "http://127.0.0.1:" + this.port, "--json" },
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"policy\":\"popularity\"", "\"estimators\"");
		ByteArrayOutputStream refused = new ByteArrayOutputStream();
		assertThat(EvaluateCommand.run(
				new String[] { "--policy", "no-such-policy", "--url", "http://127.0.0.1:" + this.port },
				new PrintStream(new ByteArrayOutputStream()), new PrintStream(refused, true, StandardCharsets.UTF_8)))
			.isEqualTo(2);
		assertThat(refused.toString(StandardCharsets.UTF_8)).contains("400", "policy");
		assertThat(EvaluateCommand.run(new String[] { "--since" }, new PrintStream(new ByteArrayOutputStream()),
				new PrintStream(new ByteArrayOutputStream())))
			.isEqualTo(1);
	}

	@Test
	void badParametersAreProblemDocuments() {
		Http http = new Http(this.port);
		for (String[] bad : new String[][] { { "", "policy" }, { "?policy=", "policy" },
				{ "?policy=no-such-policy", "policy" }, { "?policy=linucb&since=yesterday", "since" },
				{ "?policy=linucb&since=2026-01-01T00:00:00", "since" }, { "?policy=linucb&alpha=-1", "alpha" },
				{ "?policy=linucb&alpha=NaN", "alpha" }, { "?policy=linucb&alpha=1e3", "alpha" } }) {
			Http.Answer answer = http.get("/admin/evaluation" + bad[0]);
			assertThat(answer.status()).as(bad[0]).isEqualTo(400);
			assertThat(answer.contentType()).as(bad[0]).startsWith("application/problem+json");
			assertThat(answer.json().get("errors").get(0).get("field").asString()).as(bad[0]).isEqualTo(bad[1]);
		}
		assertThat(http.get("/admin/evaluation?policy=no-such-policy")
			.json()
			.get("errors")
			.get(0)
			.get("message")
			.asString()).contains("linucb", "popularity");
	}

}
