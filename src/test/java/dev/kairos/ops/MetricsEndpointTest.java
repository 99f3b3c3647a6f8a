package dev.kairos.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kairos.Http;
import dev.kairos.KairosApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After a short run on a real Kafka broker and a real redis-server (items, events,
 * recommendations, feedback, refused requests), {@code /actuator/prometheus} on the
 * management port lists every metric of the metrics table of docs/metrics.md, the
 * counters moved with what happened, and the health groups report the components they
 * depend on.
 */
// the application's own configuration by name, whatever configurations other tests of
// this
// package declare (a nested @SpringBootConfiguration there was once found instead)
@SpringBootTest(classes = KairosApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0",
				// the one click must move the model: a held-out slate (5% by default,
				// chosen by
				// the recommendation id's hash) keeps its feedback out, and the model's
				// counters
				// would stay at 0
				"kairos.learning.holdout-share=0",
				// the meta-bandit's meters exist where it serves: one arm of two
				"kairos.ranking.experiment=metrics", "kairos.ranking.policies.linucb=1",
				"kairos.ranking.policies.meta-bandit=1" })
class MetricsEndpointTest {

	private static final Duration VISIBLE = Duration.ofSeconds(20);

	@LocalServerPort
	private int port;

	@LocalManagementPort
	private int managementPort;

	/** The Prometheus names in the metrics table of docs/metrics.md (second column). */
	static List<String> documentedMetricNames() throws IOException {
		String section = Files.readString(Path.of("docs", "metrics.md"));
		List<String> names = new ArrayList<>();
		Matcher row = Pattern.compile("(?m)^\\| `[a-z.]+` \\| `([a-z_]+)`").matcher(section);
		while (row.find()) {
			names.add(row.group(1));
		}
		return names;
	}

	/** The value of the first sample of a series whose line starts with the prefix. */
	private static double sample(String exposition, String seriesPrefix) {
		for (String line : exposition.split("\n")) {
			if (line.startsWith(seriesPrefix)) {
				return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		throw new AssertionError("no series " + seriesPrefix);
	}

	private static double sum(String exposition, String name) {
		double total = 0;
		for (String line : exposition.split("\n")) {
			if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
				total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
			}
		}
		return total;
	}

	@Test
	void everyDocumentedMetricIsExposedAndMovesWithTraffic() throws IOException {
		Http api = new Http(this.port);
		Http management = new Http(this.managementPort);
		String category = "c-" + UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < 5; i++) {
			assertThat(api
				.put("/items/" + category + "-i" + i,
						"{\"category\":\"" + category + "\",\"createdAt\":\"2020-01-01T00:00:00Z\"}")
				.status()).isIn(200, 201);
		}
		String user = "u-" + UUID.randomUUID().toString().substring(0, 8);
		JsonNode served = api.get("/recommendations?userId=" + user + "&count=3").json();
		String recommendationId = served.get("recommendationId").asString();
		String shown = served.get("items").get(0).get("itemId").asString();
		assertThat(api
			.post("/events",
					"[{\"userId\":\"" + user + "\",\"itemId\":\"" + shown
							+ "\",\"type\":\"click\",\"recommendationId\":\"" + recommendationId + "\"},{\"userId\":\""
							+ user + "\",\"itemId\":\"" + shown + "\",\"type\":\"view\"}]")
			.status()).isEqualTo(202);
		assertThat(api.post("/events", "{\"userId\":\"\",\"type\":\"click\"}").status()).isEqualTo(400);
		assertThat(api.post("/events", "{not json").status()).isEqualTo(400);

		List<String> documented = documentedMetricNames();
		assertThat(documented).as("the metrics table of docs/metrics.md").hasSizeGreaterThanOrEqualTo(17);
		await().atMost(VISIBLE).untilAsserted(() -> {
			String metrics = management.get("/actuator/prometheus").body();
			for (String name : documented) {
				assertThat(metrics).as(name).containsPattern("(?m)^" + name + "(_bucket|_count|_sum|_max)?[{ ]");
			}
			assertThat(sample(metrics, "kairos_events_accepted_total{application=\"kairos\",type=\"click\"}"))
				.isGreaterThanOrEqualTo(1);
			assertThat(sample(metrics, "kairos_events_rejected_total{application=\"kairos\",reason=\"invalid\"}"))
				.isGreaterThanOrEqualTo(1);
			assertThat(sample(metrics, "kairos_events_rejected_total{application=\"kairos\",reason=\"malformed\"}"))
				.isGreaterThanOrEqualTo(1);
			assertThat(sample(metrics, "kairos_events_processed_total{application=\"kairos\",outcome=\"applied\"}"))
				.isGreaterThanOrEqualTo(2);
			assertThat(sample(metrics, "kairos_events_freshness_seconds_count")).isGreaterThanOrEqualTo(2);
			assertThat(sum(metrics, "kairos_recommendations_items_total")).isGreaterThanOrEqualTo(3);
			assertThat(sum(metrics, "kairos_recommendations_clicks_total")).isEqualTo(1);
			assertThat(sum(metrics, "kairos_model_updates_total")).isGreaterThanOrEqualTo(1);
			assertThat(sample(metrics, "kairos_model_version")).isGreaterThanOrEqualTo(1);
			assertThat(sample(metrics, "kairos_recommendations_coldstart_share")).isGreaterThan(0);
			assertThat(metrics).contains("kairos_consumer_lag{application=\"kairos\",group=\"kairos-events\"}");
			assertThat(metrics).contains("http_server_requests_seconds_bucket{application=\"kairos\"")
				.contains("le=\"0.025\"")
				.contains("uri=\"/recommendations\"");
		});
	}

	@Test
	void livenessAndReadinessGroupsReportWhatTheyDependOn() {
		Http management = new Http(this.managementPort);
		Http.Answer liveness = management.get("/actuator/health/liveness");
		assertThat(liveness.status()).isEqualTo(200);
		assertThat(liveness.json().get("status").asString()).isEqualTo("UP");
		await().atMost(VISIBLE).untilAsserted(() -> {
			Http.Answer readiness = management.get("/actuator/health/readiness");
			assertThat(readiness.status()).isEqualTo(200);
			JsonNode components = readiness.json().get("components");
			assertThat(components.get("redis").get("status").asString()).isEqualTo("UP");
			assertThat(components.get("kafka").get("status").asString()).isEqualTo("UP");
			assertThat(components.get("readinessState").get("status").asString()).isEqualTo("UP");
		});
	}

}
