package dev.kairos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.kairos.config.KairosProperties;
import dev.kairos.core.ranking.ExperimentAssignment;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.kafka.EmbeddedKafkaBroker;
import dev.kairos.redis.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every policy live, on a real Kafka broker and a real Redis: one experiment with all
 * twelve policies as arms side by side; each serves a slate with true propensities,
 * learns from a click on its own slate (its own stored state changes), and after the
 * application is stopped and started again on the same Kafka and Redis, serves from the
 * state it had.
 */
class PoliciesLiveTest {

	private static final String PREFIX = "kairos:{model}:v" + FeatureVector.SCHEMA_VERSION + ":";

	private static EmbeddedRedisServer redisServer;

	private static EmbeddedKafkaBroker kafka;

	private static RedisClient redisClient;

	private static StatefulRedisConnection<String, String> connection;

	@BeforeAll
	static void startKafkaAndRedis() throws Exception {
		// ports of this project's helper range; both outlive the application's restarts
		redisServer = EmbeddedRedisServer.start(20379, "");
		kafka = EmbeddedKafkaBroker.start(20092, 20093, Files.createTempDirectory("kairos-policies-kafka"));
		redisClient = RedisClient.create("redis://127.0.0.1:" + redisServer.port());
		connection = redisClient.connect();
	}

	@AfterAll
	static void stopKafkaAndRedis() {
		if (connection != null) {
			connection.close();
			redisClient.shutdown();
		}
		if (kafka != null) {
			kafka.close();
		}
		if (redisServer != null) {
			redisServer.close();
		}
	}

	private static Map<String, Integer> arms() {
		Map<String, Integer> arms = new TreeMap<>();
		for (String policy : KairosProperties.Ranking.POLICIES) {
			arms.put(policy, 1);
		}
		return arms;
	}

	private static ConfigurableApplicationContext start() {
		List<String> args = new ArrayList<>(List.of("--kairos.infrastructure=external",
				"--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + redisServer.port(), "--server.port=0", "--management.server.port=0",
				"--spring.main.banner-mode=off", "--kairos.learning.attribution-window=2s",
				"--kairos.learning.holdout-share=0", "--kairos.learning.seed=7", "--kairos.ranking.experiment=live"));
		arms().keySet().forEach((policy) -> args.add("--kairos.ranking.policies." + policy + "=1"));
		return new SpringApplicationBuilder(KairosApplication.class).run(args.toArray(String[]::new));
	}

	private static int port(ConfigurableApplicationContext app) {
		return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
	}

	/** What a policy learns into, as stored: the part a click on its slate changes. */
	private static String state(String policy, String itemId, JsonNode answer) {
		RedisCommands<String, String> redis = connection.sync();
		return switch (policy) {
			case "linucb", "linear-thompson", "bdes", "neural-linear" -> rewardSums(redis.hgetall(PREFIX + "stats"));
			case "discounted-linucb" -> rewardSums(redis.hgetall(PREFIX + "disc:stats"));
			case "hybrid-linucb" -> rewardSums(redis.hgetall(PREFIX + "raw:stats"));
			case "sliding-window-linucb" -> {
				StringBuilder all = new StringBuilder();
				for (String key : new java.util.TreeSet<>(redis.keys(PREFIX + "win:*"))) {
					all.append(rewardSums(redis.hgetall(key)));
				}
				yield all.toString();
			}
			case "ucb1", "epsilon-greedy", "softmax", "bernoulli-thompson" ->
				String.valueOf(redis.hget(PREFIX + "items", itemId + "|r"));
			case "meta-bandit" -> {
				String alpha = answer.get("variant").asString();
				yield String.valueOf(redis.hget(PREFIX + "meta", "w:" + alpha.substring(6, alpha.indexOf(';'))));
			}
			case "popularity" -> String.valueOf(redis.hget(PREFIX + "exp:popularity", "clicked"));
			default -> throw new IllegalArgumentException(policy);
		};
	}

	/** The b fields of a statistics hash: they move only with a positive reward. */
	private static String rewardSums(Map<String, String> stats) {
		return new TreeMap<>(stats).entrySet()
			.stream()
			.filter((e) -> e.getKey().startsWith("b"))
			.map(Object::toString)
			.toList()
			.toString();
	}

	@Test
	void everyPolicyServesLearnsFromItsOwnSlatesAndKeepsWhatItLearnedAcrossARestart() {
		ExperimentAssignment assignment = new ExperimentAssignment("live", arms());
		String category = "live-" + UUID.randomUUID().toString().substring(0, 6);
		Map<String, String> users = new TreeMap<>();
		for (int u = 0; users.size() < arms().size(); u++) {
			users.putIfAbsent(assignment.policyFor("user-" + u), "user-" + u);
		}
		JsonNode modelBefore;
		JsonNode experiments;
		try (ConfigurableApplicationContext app = start()) {
			Http http = new Http(port(app));
			for (int i = 0; i < 12; i++) {
				assertThat(http.put("/items/" + category + "-" + i, "{\"category\":\"" + category + "\"}").status())
					.isEqualTo(201);
			}
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> http.get("/recommendations?userId=probe&count=3&category=" + category)
					.json()
					.get("items")
					.size() == 3);
			for (Map.Entry<String, String> arm : users.entrySet()) {
				String policy = arm.getKey();
				String user = arm.getValue();
				JsonNode answer = http.get("/recommendations?userId=" + user + "&count=3&category=" + category).json();
				assertThat(answer.get("policy").asString()).isEqualTo(policy);
				assertThat(answer.get("items").size()).as(policy).isEqualTo(3);
				boolean deterministic = answer.get("deterministic").asBoolean();
				for (JsonNode item : answer.get("items")) {
					double p = item.get("propensity").asDouble();
					assertThat(p).as(policy).isGreaterThan(0).isLessThanOrEqualTo(1);
					if (deterministic) {
						assertThat(p).as(policy).isEqualTo(1.0);
					}
				}
				switch (policy) {
					case "linucb", "hybrid-linucb", "discounted-linucb", "sliding-window-linucb", "ucb1", "bdes",
							"popularity" -> {
						assertThat(deterministic).as(policy).isTrue();
						assertThat(answer.get("propensityError").asDouble()).isZero();
					}
					// neural-linear without embeddings (off here) is linear Thompson
					// sampling
					case "linear-thompson", "bernoulli-thompson", "neural-linear" -> {
						assertThat(deterministic).as(policy).isFalse();
						assertThat(answer.get("propensityError").asDouble()).as(policy)
							.isCloseTo(0.5 / Math.sqrt(101), org.assertj.core.data.Offset.offset(1e-12));
					}
					case "epsilon-greedy", "softmax" -> {
						// the places above the explored last one are the ranking's
						assertThat(answer.get("items").get(0).get("propensity").asDouble()).as(policy).isEqualTo(1.0);
						assertThat(answer.get("propensityError").asDouble()).as(policy).isZero();
					}
					case "meta-bandit" -> assertThat(answer.get("variant").asString()).startsWith("alpha=");
					default -> throw new IllegalStateException(policy);
				}
				String clicked = answer.get("items").get(0).get("itemId").asString();
				String before = state(policy, clicked, answer);
				assertThat(http
					.post("/events",
							"{\"userId\":\"" + user + "\",\"itemId\":\"" + clicked
									+ "\",\"type\":\"click\",\"recommendationId\":\""
									+ answer.get("recommendationId").asString() + "\"}")
					.status()).isEqualTo(202);
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(state(policy, clicked, answer)).as(policy).isNotEqualTo(before));
			}
			// every arm side by side, each with its click
			experiments = http.get("/admin/experiments").json();
			assertThat(experiments.get("policies").size()).isEqualTo(arms().size());
			for (JsonNode row : experiments.get("policies")) {
				assertThat(row.get("clicks").asLong()).as(row.toString()).isGreaterThanOrEqualTo(1);
			}
			// quiet: every slate's window closed and merged, serving on the last version
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(3)).until(() -> {
				JsonNode model = http.get("/admin/model").json();
				return model.get("servingVersion").asLong() == model.get("version").asLong()
						&& model.get("version").asLong() == stableVersion(model.get("version").asLong());
			});
			modelBefore = http.get("/admin/model").json();
			JsonNode meta = modelBefore.get("policies").get("meta-bandit");
			double moved = 0;
			for (JsonNode row : meta.get("grid")) {
				moved += Math.abs(row.get("logWeight").asDouble());
			}
			assertThat(moved).as("the meta-bandit credited the alpha it used").isPositive();
			assertThat(modelBefore.get("policies").get("ucb1").get("itemsWithStatistics").asInt()).isPositive();
		}
		try (ConfigurableApplicationContext app = start()) {
			Http http = new Http(port(app));
			// the new worker's first decays (the shared model's, discounted-linucb's) may
			// move the version on; they leave counts, per-item sums and EXP3 weights as
			// they are
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
				JsonNode model = http.get("/admin/model").json();
				assertThat(model.get("servingVersion").asLong()).isEqualTo(model.get("version").asLong())
					.isGreaterThanOrEqualTo(modelBefore.get("version").asLong());
			});
			JsonNode modelAfter = http.get("/admin/model").json();
			// the new process serves from what the old one learned: the same EXP3
			// weights, the same per-item statistics, the same shared model
			assertThat(modelAfter.get("policies")).isEqualTo(modelBefore.get("policies"));
			assertThat(modelAfter.get("rewards")).isEqualTo(modelBefore.get("rewards"));
			JsonNode experimentsAfter = http.get("/admin/experiments").json();
			assertThat(experimentsAfter.get("policies")).isEqualTo(experiments.get("policies"));
			for (Map.Entry<String, String> arm : users.entrySet()) {
				JsonNode answer = http
					.get("/recommendations?userId=" + arm.getValue() + "&count=3&category=" + category)
					.json();
				assertThat(answer.get("policy").asString()).isEqualTo(arm.getKey());
				assertThat(answer.get("items").size()).isEqualTo(3);
			}
		}
	}

	private static long lastVersion = -1;

	/** The version if it did not move since the last look, else -1 (look again). */
	private static long stableVersion(long version) {
		long previous = lastVersion;
		lastVersion = version;
		return (previous == version) ? version : -1;
	}

}
