package dev.kairos.recommendations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.kairos.Http;
import dev.kairos.events.EventType;
import dev.kairos.features.EventEffect;
import dev.kairos.features.FeatureStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What one {@code GET /recommendations} costs Redis, counted by a real redis-server
 * ({@code INFO commandstats} before and after): the user's state in at most five commands
 * (one pipelined round trip on the user's slot), and nothing else: no write at all (the
 * slate goes to Kafka only, and the worker counts its exposures). The API runs alone (no
 * worker, no maintenance timers) and the snapshot's background tick is slowed to an hour,
 * so nothing else talks to Redis while the requests are counted.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.roles.worker=false", "kairos.learning.refresh-interval=1h",
				"kairos.recommendations.snapshot-full-refresh=1h",
				// the fairness gauges' timer reads Redis in the background, not for a
				// request
				"kairos.fairness.refresh-interval=1h" })
class RequestPathRedisCommandsTest {

	/** Commands the user's state may cost. */
	static final int USER_STATE_COMMANDS = 5;

	/** Commands that write: none may come from a request. */
	static final Set<String> WRITES = Set.of("hset", "hincrby", "hincrbyfloat", "expire", "set", "zadd", "evalsha",
			"eval", "del", "publish");

	static final int REQUESTS = 40;

	@LocalServerPort
	private int port;

	@Autowired
	private FeatureStore store;

	@Value("${spring.data.redis.host}")
	private String redisHost;

	@Value("${spring.data.redis.port}")
	private int redisPort;

	@Test
	void aRecommendationReadsTheUserInAtMostFiveCommands() {
		Http http = new Http(this.port);
		String category = "cat-" + UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < 40; i++) {
			assertThat(http.put("/items/" + category + "-i" + i, "{\"category\":\"" + category + "\"}").status())
				.isEqualTo(201);
		}
		String user = "user-" + UUID.randomUUID().toString().substring(0, 8);
		long now = System.currentTimeMillis();
		// the user's history, as the worker would apply it
		this.store.apply(List.of(
				new EventEffect(user, category + "-i1", EventType.CLICK, null, 0, 1, now, now, 3, true, true),
				new EventEffect(user, category + "-i2", EventType.VIEW, null, 0, 2, now, now, 1, false, true),
				new EventEffect(user, category + "-i3", EventType.SKIP, null, 0, 3, now, now, 0, false, false)));

		RedisClient client = RedisClient.create("redis://" + this.redisHost + ":" + this.redisPort);
		try (StatefulRedisConnection<String, String> redis = client.connect()) {
			assertThat(ids(http, user)).doesNotContain(category + "-i1", category + "-i3").contains(category + "-i2");
			// the snapshot has caught up with the pushed changes when nothing moves Redis
			// for a while
			AtomicReference<Map<String, Long>> previous = new AtomicReference<>(Map.of());
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
				Map<String, Long> current = calls(redis.sync().info("commandstats"));
				current.remove("info");
				return current.equals(previous.getAndSet(current));
			});
			Map<String, Long> before = calls(redis.sync().info("commandstats"));
			for (int i = 0; i < REQUESTS; i++) {
				JsonNode answer = http.get("/recommendations?userId=" + user + "&count=10").json();
				assertThat(answer.get("degraded").asBoolean()).isFalse();
				assertThat(answer.get("items")).hasSize(10);
			}
			Map<String, Long> delta = delta(before, calls(redis.sync().info("commandstats")));
			delta.remove("info");
			long all = delta.values().stream().mapToLong(Long::longValue).sum();
			assertThat(all).as("commands: %s", delta).isLessThanOrEqualTo((long) USER_STATE_COMMANDS * REQUESTS);
			assertThat(delta.keySet()).as("commands: %s", delta).doesNotContainAnyElementsOf(WRITES);
		}
		finally {
			client.shutdown();
		}
	}

	private static List<String> ids(Http http, String user) {
		JsonNode answer = http.get("/recommendations?userId=" + user + "&count=40").json();
		return answer.get("items").valueStream().map((item) -> item.get("itemId").asString()).toList();
	}

	/** {@code calls} per command from {@code INFO commandstats}. */
	static Map<String, Long> calls(String commandstats) {
		Map<String, Long> calls = new LinkedHashMap<>();
		for (String line : commandstats.split("\r?\n")) {
			if (!line.startsWith("cmdstat_")) {
				continue;
			}
			int colon = line.indexOf(':');
			for (String part : line.substring(colon + 1).split(",")) {
				if (part.startsWith("calls=")) {
					calls.put(line.substring("cmdstat_".length(), colon), Long.parseLong(part.substring(6)));
				}
			}
		}
		return calls;
	}

	static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> delta = new LinkedHashMap<>();
		after.forEach((command, n) -> {
			long d = n - before.getOrDefault(command, 0L);
			if (d > 0) {
				delta.put(command, d);
			}
		});
		return delta;
	}

}
