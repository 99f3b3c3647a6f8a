package dev.kairos.bench.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kairos.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /admin/evaluation} after a simulated run, on a real Kafka broker and a real
 * Redis: a small world (the fast test's small-day-parts, 300 requests, seed 7) is served
 * over HTTP as the suite serves Kairos, the client counting what it was shown and what it
 * clicked; the evaluation of the log for the policy that logged it ({@code logged}: π = μ
 * in every slot) must bracket the click-through rate the client observed with each
 * estimator's 95% interval, and read back as many slates and shown items as were served.
 * The evaluation of another policy ({@code ucb1}) must answer with its intervals and say
 * the log is deterministic (the default policy, LinUCB, logs propensity 1).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.learning.holdout-share=0", "kairos.learning.seed=7" })
class ServedLogAfterSimulationIT {

	private static final int REQUESTS = 300;

	@LocalServerPort
	private int port;

	/** The client's view: the slots it was shown and the clicks it sent on them. */
	static final class Counting extends ForwardingLearner {

		private final Map<String, Set<String>> slates = new HashMap<>();

		private final Set<String> clicked = new HashSet<>();

		long slots;

		long slatesServed;

		Counting(Learner inner) {
			super(inner);
		}

		@Override
		public Slate recommend(Request request) {
			Slate slate = super.recommend(request);
			if (slate.recommendationId() != null) {
				this.slatesServed++;
				this.slots += slate.itemIds().size();
				this.slates.put(slate.recommendationId(), new HashSet<>(slate.itemIds()));
			}
			return slate;
		}

		@Override
		public void observe(List<Event> events) {
			for (Event e : events) {
				if (e.type() == EventType.CLICK && e.recommendationId() != null
						&& this.slates.getOrDefault(e.recommendationId(), Set.of()).contains(e.itemId())) {
					this.clicked.add(e.recommendationId() + '|' + e.itemId());
				}
			}
			super.observe(events);
		}

		long clicks() {
			return this.clicked.size();
		}

	}

	@Test
	void theLoggingPolicysEstimatesBracketTheClickThroughRateItsClientsObserved() {
		Instant start = Instant.now().minusSeconds(1);
		Counting client = new Counting(KairosHttpLearner.running("kairos", this.port));
		RunResult run = WorldRun.run(EvaluationSuiteTest.SMALL_DAY_PARTS, EvaluationSuiteTest.SEED, REQUESTS, client,
				ClientBehaviour.IMPRESSIONS, null);
		assertThat(run.invalidSlots()).isZero();
		assertThat(client.clicks()).isPositive();
		double observed = client.clicks() / (double) client.slots;
		Http http = new Http(this.port);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			JsonNode answer = http.get("/admin/evaluation?policy=logged&since=" + start).json();
			assertThat(answer.get("logged").get("slates").asLong()).isEqualTo(client.slatesServed);
			assertThat(answer.get("logged").get("impressions").asLong()).isEqualTo(client.slots);
			assertThat(answer.get("logged").get("clicks").asLong()).isEqualTo(client.clicks());
		});
		JsonNode answer = http.get("/admin/evaluation?policy=logged&since=" + start).json();
		assertThat(answer.get("logged").get("ctr").asDouble()).isCloseTo(observed,
				org.assertj.core.data.Offset.offset(1e-12));
		for (String estimator : new String[] { "replay", "ips", "snips", "dr" }) {
			JsonNode e = answer.get("estimators").get(estimator);
			assertThat(observed).as(estimator + " " + e)
				.isBetween(e.get("lower").asDouble(), e.get("upper").asDouble());
		}
		JsonNode other = http.get("/admin/evaluation?policy=ucb1&since=" + start).json();
		assertThat(other.get("logged").get("impressions").asLong()).isEqualTo(client.slots);
		assertThat(other.get("support").get("deterministicLog").asBoolean()).isTrue();
		JsonNode ips = other.get("estimators").get("ips");
		assertThat(ips.get("lower").asDouble()).isLessThanOrEqualTo(ips.get("value").asDouble());
		assertThat(ips.get("value").asDouble()).isLessThanOrEqualTo(ips.get("upper").asDouble());
	}

}
