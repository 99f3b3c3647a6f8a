package dev.kairos.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.kairos.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis killed and restarted under a running Kairos, with separate processes: a Kafka
 * broker process, a redis-server keeping an append-only file fsynced on every write, and
 * one Kairos with both roles. While events flow and recommendations are asked for, the
 * redis-server is killed with {@code kill -9}; during the outage every
 * {@code POST /events} is answered 202 (the events wait in Kafka) and every
 * {@code GET /recommendations} 200 from the cached popular items, marked degraded, within
 * the request timeout. Then redis-server is started again on the same port from its
 * append-only file: Kairos reconnects by itself (its Lua scripts reloaded into the empty
 * script cache), the worker catches up, every user's and the item's counters equal a
 * recount of the events answered 202, nothing is dead-lettered, and a click on a slate
 * served after the restart reaches the model.
 *
 * <p>
 * {@code ./mvnw verify} runs it with 10 batches of 50 events before, during and after the
 * outage; {@code -Dkairos.fault.restart-batches=N} ({@code bench/fault-suite.sh}) with
 * more.
 */
class RedisRestartTest {

	private static final int BATCHES = Integer.getInteger("kairos.fault.restart-batches", 10);

	private static final int BATCH = 50;

	/** How long Redis stays down ({@code -Dkairos.fault.redis-outage=SECONDS}). */
	private static final Duration OUTAGE = Duration.ofSeconds(Integer.getInteger("kairos.fault.redis-outage", 10));

	private Processes processes;

	@AfterEach
	void stop() {
		if (this.processes != null) {
			this.processes.close();
		}
	}

	@Test
	void redisKilledAndRestartedFromItsAppendOnlyFileLosesNothingAndCountsNothingTwice() throws Exception {
		this.processes = new Processes();
		int kafkaPort = Processes.freePort();
		this.processes.kafka(kafkaPort, Processes.freePort());
		String bootstrap = "127.0.0.1:" + kafkaPort;
		int redisPort = Processes.freePort();
		Path redisDirectory = Files.createTempDirectory(Path.of("target", "fault").toAbsolutePath(), "redis-aof-");
		Process redis = this.processes.redis(redisPort, redisDirectory);
		int apiPort = Processes.freePort();
		int managementPort = Processes.freePort();
		this.processes.kairos("kairos-redis-restart", apiPort, managementPort,
				List.of("spring.kafka.bootstrap-servers=" + bootstrap, "spring.data.redis.host=127.0.0.1",
						"spring.data.redis.port=" + redisPort,
						// no slate held out: every click teaches the model
						"kairos.learning.holdout-share=0"));
		Http http = new Http(apiPort);
		assertThat(http.put("/items/r1", "{\"category\":\"c\"}").status()).isEqualTo(201);
		List<String> users = new ArrayList<>();
		long sent = 0;
		long accepted = 0;
		int half = BATCHES / 2;
		for (int i = 0; i < half; i++) {
			sent += BATCH;
			accepted += post(http, "before", i, users) ? BATCH : 0;
		}
		long acceptedFirst = accepted;
		await().atMost(Duration.ofSeconds(90))
			.untilAsserted(() -> assertThat(ClickTraffic.clicks(http, "r1")).isEqualTo(acceptedFirst));
		long deadLetters = ClickTraffic.endOffset(bootstrap, "kairos.events.dlt");
		// a recommendation while Redis is up: serving keeps the popular items for an
		// outage
		assertThat(http.get("/recommendations?userId=u-before-1-1&count=5").json().get("degraded").asBoolean())
			.isFalse();
		for (int i = half; i < BATCHES; i++) {
			sent += BATCH;
			accepted += post(http, "before", i, users) ? BATCH : 0;
		}
		// at once, while the worker may still be applying those: what Redis answered is
		// in its append-only file, the rest is redelivered and the offset guard skips
		// what it finds applied
		Processes.kill(redis);
		long killedAt = System.nanoTime();
		Map<Integer, Integer> recommendationStatuses = new HashMap<>();
		long slowestRecommendation = 0;
		for (int i = 0; i < BATCHES; i++) {
			sent += BATCH;
			assertThat(post(http, "outage", i, users)).as("events are accepted into Kafka while Redis is down")
				.isTrue();
			accepted += BATCH;
			long start = System.nanoTime();
			Http.Answer recommendation = http.get("/recommendations?userId=u-before-1-1&count=5");
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			slowestRecommendation = Math.max(slowestRecommendation, millis);
			recommendationStatuses.merge(recommendation.status(), 1, Integer::sum);
			assertThat(recommendation.status()).as("recommendations keep answering").isEqualTo(200);
			JsonNode answer = recommendation.json();
			assertThat(answer.get("degraded").asBoolean()).isTrue();
			assertThat(answer.get("items").get(0).get("itemId").asString()).isEqualTo("r1");
			assertThat(answer.get("items").get(0).get("reason").asString()).isEqualTo("fallback");
		}
		// within Redis' 2 s command timeout, plus overhead on a loaded machine
		assertThat(slowestRecommendation).isLessThan(5_000);
		long waitNanos = OUTAGE.toNanos() - (System.nanoTime() - killedAt);
		if (waitNanos > 0) {
			// Redis stays down for the whole outage; the worker keeps retrying meanwhile
			await().pollDelay(Duration.ofNanos(waitNanos)).atMost(OUTAGE.plusSeconds(5)).until(() -> true);
		}
		long outageMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

		// the same port, the same append-only file; events flow while Kairos reconnects
		redis = this.processes.redis(redisPort, redisDirectory);
		long restartedAt = System.nanoTime();
		for (int i = 0; i < BATCHES; i++) {
			sent += BATCH;
			accepted += post(http, "after", i, users) ? BATCH : 0;
		}
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(
					http.get("/recommendations?userId=u-before-1-1&count=5").json().get("degraded").asBoolean())
				.as("serving from Redis again")
				.isFalse());
		long recoveredMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
		// a slate served after the restart, and a click on it: the model's merge script
		// works again (its items count as observations when served, the click raises
		// one's
		// reward)
		long rewardsBefore = http.get("/admin/model").json().get("rewards").asLong();
		JsonNode slate = http.get("/recommendations?userId=u-slate&count=5").json();
		assertThat(slate.get("degraded").asBoolean()).isFalse();
		assertThat(slate.get("items").get(0).get("itemId").asString()).isEqualTo("r1");
		sent++;
		assertThat(http
			.post("/events",
					"{\"userId\":\"u-slate\",\"itemId\":\"r1\",\"type\":\"click\",\"recommendationId\":\""
							+ slate.get("recommendationId").asString() + "\"}")
			.status()).isEqualTo(202);
		accepted++;
		users.add("u-slate");

		long acceptedTotal = accepted;
		await().atMost(Duration.ofSeconds(120))
			.untilAsserted(() -> assertThat(ClickTraffic.clicks(http, "r1")).isEqualTo(acceptedTotal));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(http.get("/admin/model").json().get("rewards").asLong())
				.isEqualTo(rewardsBefore + slate.get("items").size()));
		// every user clicked once: none lost, none counted twice
		long counted = 0;
		for (String user : users) {
			Http.Answer answer = http.get("/users/" + user);
			assertThat(answer.status()).as(user).isEqualTo(200);
			long clicks = answer.json().get("counts").path("click").asLong(0);
			assertThat(clicks).as(user + " clicks").isEqualTo(1);
			counted += clicks;
		}
		assertThat(counted).isEqualTo(acceptedTotal);
		assertThat(ClickTraffic.clicks(http, "r1")).isEqualTo(acceptedTotal);
		assertThat(ClickTraffic.endOffset(bootstrap, "kairos.events.dlt"))
			.as("nothing dead-lettered because Redis was down")
			.isEqualTo(deadLetters);
		// records read again that the offset guard found applied (informative: how much
		// the kill caught in flight)
		JsonNode replayed = new Http(managementPort)
			.get("/actuator/metrics/kairos.events.processed?tag=outcome:replayed")
			.json();
		long replays = (replayed != null && replayed.has("measurements"))
				? (long) replayed.get("measurements").get(0).get("value").asDouble() : 0;
		String report = String.format(
				"Redis kill -9 for %d ms, restarted from its append-only file: sent %d, accepted %d, counted users %d,"
						+ " counted item %d, difference %d; recommendations during the outage %s (slowest %d ms);"
						+ " serving from Redis again %d ms after the restart; %d redelivered records found applied%n",
				outageMillis, sent, accepted, counted, ClickTraffic.clicks(http, "r1"), accepted - counted,
				recommendationStatuses, slowestRecommendation, recoveredMillis, replays);
		System.out.print(report);
		Files.writeString(Path.of("target", "fault", "report.txt"), report, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
		assertThat(accepted).isEqualTo(sent);
	}

	/** Posts one batch of clicks on r1, each by a user of its own; true if accepted. */
	private static boolean post(Http http, String phase, int batch, List<String> users) {
		boolean accepted = http.post("/events", ClickTraffic.batch(phase, batch, BATCH, "r1")).status() == 202;
		if (accepted) {
			for (int i = 0; i < BATCH; i++) {
				users.add("u-" + phase + "-" + batch + "-" + i);
			}
		}
		return accepted;
	}

}
