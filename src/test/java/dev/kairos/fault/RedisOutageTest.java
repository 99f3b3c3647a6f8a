package dev.kairos.fault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.kairos.Http;
import dev.kairos.redis.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis unreachable for 30 s under a running Kairos (the redis-server process frozen with
 * {@code SIGSTOP}, then resumed with {@code SIGCONT}), with a Kafka broker process and
 * one Kairos with both roles: events keep being accepted into Kafka, nothing goes to the
 * dead-letter topic, recommendations answer within the request timeout, and when Redis is
 * back the worker catches up with exact counts.
 */
class RedisOutageTest {

	private static final Duration OUTAGE = Duration.ofSeconds(30);

	private Processes processes;

	private EmbeddedRedisServer redis;

	private long redisPid = -1;

	@AfterEach
	void stop() throws Exception {
		if (this.redisPid > 0) {
			signal("CONT", this.redisPid);
		}
		if (this.processes != null) {
			this.processes.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void redisFrozenFor30SecondsLosesNoEventAndCountsExactlyAfter() throws Exception {
		this.processes = new Processes();
		int kafkaPort = Processes.freePort();
		this.processes.kafka(kafkaPort, Processes.freePort());
		String bootstrap = "127.0.0.1:" + kafkaPort;
		this.redis = EmbeddedRedisServer.start(Processes.freePort(), "");
		int apiPort = Processes.freePort();
		this.processes.kairos("kairos-redis-outage", apiPort, Processes.freePort(),
				List.of("spring.kafka.bootstrap-servers=" + bootstrap, "spring.data.redis.host=127.0.0.1",
						"spring.data.redis.port=" + this.redis.port()));
		Http http = new Http(apiPort);
		assertThat(http.put("/items/r1", "{\"category\":\"c\"}").status()).isEqualTo(201);
		long sent = 0;
		long accepted = 0;
		for (int i = 0; i < 10; i++) {
			sent += 50;
			accepted += (http.post("/events", ClickTraffic.batch("before", i, 50, "r1")).status() == 202) ? 50 : 0;
		}
		long acceptedBefore = accepted;
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(ClickTraffic.clicks(http, "r1")).isEqualTo(acceptedBefore));
		long deadLetters = ClickTraffic.endOffset(bootstrap, "kairos.events.dlt");
		// a recommendation while Redis is up: serving keeps the popular items for an
		// outage
		assertThat(http.get("/recommendations?userId=u-before-1-1&count=5").json().get("degraded").asBoolean())
			.isFalse();

		this.redisPid = redisPid(this.redis.port());
		signal("STOP", this.redisPid);
		long frozenAt = System.nanoTime();
		Map<Integer, Integer> recommendationStatuses = new HashMap<>();
		long slowestRecommendation = 0;
		for (int i = 0; i < 10; i++) {
			sent += 50;
			Http.Answer answer = http.post("/events", ClickTraffic.batch("outage", i, 50, "r1"));
			assertThat(answer.status()).as("events are accepted into Kafka while Redis is down").isEqualTo(202);
			accepted += 50;
			long start = System.nanoTime();
			Http.Answer recommendation = http.get("/recommendations?userId=u-before-1-1&count=5");
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			slowestRecommendation = Math.max(slowestRecommendation, millis);
			recommendationStatuses.merge(recommendation.status(), 1, Integer::sum);
			assertThat(recommendation.status()).as("recommendations keep answering").isEqualTo(200);
			assertThat(recommendation.json().get("degraded").asBoolean()).isTrue();
			assertThat(recommendation.json().get("items").get(0).get("itemId").asString()).isEqualTo("r1");
			assertThat(recommendation.json().get("items").get(0).get("reason").asString()).isEqualTo("fallback");
		}
		assertThat(slowestRecommendation).isLessThan(5_000);
		long waitNanos = OUTAGE.toNanos() - (System.nanoTime() - frozenAt);
		if (waitNanos > 0) {
			// Redis stays frozen for the whole outage; the worker keeps retrying
			// meanwhile
			await().pollDelay(Duration.ofNanos(waitNanos)).atMost(OUTAGE.plusSeconds(5)).until(() -> true);
		}
		signal("CONT", this.redisPid);
		this.redisPid = -1;

		for (int i = 0; i < 10; i++) {
			sent += 50;
			accepted += (http.post("/events", ClickTraffic.batch("after", i, 50, "r1")).status() == 202) ? 50 : 0;
		}
		long acceptedTotal = accepted;
		await().atMost(Duration.ofSeconds(120))
			.untilAsserted(() -> assertThat(ClickTraffic.clicks(http, "r1")).isEqualTo(acceptedTotal));
		assertThat(ClickTraffic.endOffset(bootstrap, "kairos.events.dlt"))
			.as("nothing dead-lettered because Redis was down")
			.isEqualTo(deadLetters);
		long counted = ClickTraffic.clicks(http, "r1");
		String report = String.format(
				"Redis frozen (SIGSTOP) for %d s: sent %d, accepted %d, counted %d, difference %d;"
						+ " recommendations during the outage %s (slowest %d ms)%n",
				OUTAGE.toSeconds(), sent, accepted, counted, accepted - counted, recommendationStatuses,
				slowestRecommendation);
		System.out.print(report);
		Files.writeString(Path.of("target", "fault", "report.txt"), report, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
		assertThat(accepted).isEqualTo(sent);
	}

	private static long redisPid(int port) {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			String info = connection.sync().info("server");
			return info.lines()
				.filter((line) -> line.startsWith("process_id:"))
				.mapToLong((line) -> Long.parseLong(line.substring("process_id:".length()).trim()))
				.findFirst()
				.orElseThrow();
		}
		finally {
			client.shutdown();
		}
	}

	private static void signal(String signal, long pid) throws Exception {
		Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + pid).inheritIO().start();
		assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(kill.exitValue()).isZero();
	}

}
