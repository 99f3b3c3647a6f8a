package dev.kairos.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.kairos.Http;
import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.learning.ModelStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kairos on a real six-node Redis Cluster (three masters, three replicas) configured by
 * {@code spring.data.redis.cluster.nodes}: the event pipeline, the feature store, the
 * catalogue and the model store (Lua scripts included) work, and their keys spread over
 * the masters. A script touching keys of two hash tags would fail here with CROSSSLOT.
 */
// the context closes after this class, while the cluster still runs; the cluster's
// processes stop with the JVM (LocalRedisCluster's shutdown hook)
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.learning.attribution-window=2s",
				// every slate learned from: a held-out slate (5% by default) would never
				// move the model
				"kairos.learning.holdout-share=0" })
class RedisClusterTest {

	private static final Duration VISIBLE = Duration.ofSeconds(30);

	private static LocalRedisCluster cluster;

	@LocalServerPort
	private int port;

	@Autowired
	private LettuceConnectionFactory connectionFactory;

	@Autowired
	private ModelStore models;

	@DynamicPropertySource
	static void cluster(DynamicPropertyRegistry registry) throws IOException {
		cluster = LocalRedisCluster.start();
		registry.add("spring.data.redis.cluster.nodes", cluster::nodes);
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String event(String userId, String itemId, String type) {
		return "{\"userId\":\"" + userId + "\",\"itemId\":\"" + itemId + "\",\"type\":\"" + type + "\"}";
	}

	@Test
	void theServiceUsesTheCluster() {
		assertThat(this.connectionFactory.isClusterAware()).isTrue();
	}

	@Test
	void eventsBecomeFeaturesAndRecommendationsOnTheCluster() {
		Http http = new Http(this.port);
		String category = unique("cat");
		List<String> items = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String item = unique("item");
			items.add(item);
			assertThat(http
				.put("/items/" + item, "{\"category\":\"" + category + "\",\"createdAt\":\"2020-01-01T00:00:00Z\"}")
				.status()).isEqualTo(201);
		}
		String user = unique("user");
		List<String> events = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			events.add(event(user, items.get(i), (i == 0) ? "click" : "view"));
			events.add(event(unique("crowd"), items.get(i), "purchase"));
		}
		assertThat(http.post("/events", "[" + String.join(",", events) + "]").status()).isEqualTo(202);
		// a client retry of an event with an id counts once
		String withId = "{\"eventId\":\"" + unique("e") + "\",\"userId\":\"" + user + "\",\"itemId\":\"" + items.get(7)
				+ "\",\"type\":\"click\"}";
		assertThat(http.post("/events", withId).status()).isEqualTo(202);
		assertThat(http.post("/events", withId).status()).isEqualTo(202);

		await().atMost(VISIBLE).ignoreExceptions().untilAsserted(() -> {
			JsonNode profile = http.get("/users/" + user).json();
			assertThat(profile.get("counts").get("click").asLong()).isEqualTo(2);
			assertThat(profile.get("counts").get("view").asLong()).isEqualTo(5);
			assertThat(profile.get("interests").get(0).get("category").asString()).isEqualTo(category);
			JsonNode item = http.get("/items/" + items.get(0)).json();
			assertThat(item.get("counts").get("click").asLong()).isEqualTo(1);
			assertThat(item.get("counts").get("purchase").asLong()).isEqualTo(1);
		});
		JsonNode recommendation = http.get("/recommendations?userId=" + user + "&count=5&category=" + category).json();
		List<String> ids = new ArrayList<>();
		recommendation.get("items").forEach((item) -> ids.add(item.get("itemId").asString()));
		assertThat(ids).hasSize(5).doesNotContain(items.get(0), items.get(7));
		assertThat(http.delete("/items/" + items.get(11)).status()).isEqualTo(204);
		assertThat(http.get("/items/" + items.get(11)).json().get("active").asBoolean()).isFalse();
	}

	@Test
	void theModelLearnsSnapshotsAndRollsBackOnTheCluster() {
		Http http = new Http(this.port);
		String category = unique("cat");
		for (int i = 0; i < 5; i++) {
			http.put("/items/" + unique("m"), "{\"category\":\"" + category + "\"}");
		}
		long rewardsBefore = http.get("/admin/model").json().get("rewards").asLong();
		String user = unique("learner");
		JsonNode slate = http.get("/recommendations?userId=" + user + "&count=3&category=" + category).json();
		String shown = slate.get("items").get(0).get("itemId").asString();
		String click = "{\"userId\":\"" + user + "\",\"itemId\":\"" + shown
				+ "\",\"type\":\"click\",\"recommendationId\":\"" + slate.get("recommendationId").asString() + "\"}";
		assertThat(http.post("/events", click).status()).isEqualTo(202);
		// the three items count as observations when the worker's join reads the slate,
		// the click raises the first's reward; the model's merge script runs in {model}
		await().atMost(VISIBLE)
			.untilAsserted(() -> assertThat(http.get("/admin/model").json().get("rewards").asLong())
				.isGreaterThanOrEqualTo(rewardsBefore + 3));
		LinearStatistics atSnapshot = quietStatistics();
		long snapshot = http.post("/admin/model/snapshots", "").json().get("version").asLong();
		assertThat(http.get("/admin/model/snapshots").json().get("versions").toString())
			.contains(Long.toString(snapshot));
		assertThat(this.models.snapshotStatistics(snapshot)).contains(atSnapshot);
		// the model learns after the snapshot: another slate and a click on it
		String later = unique("learner");
		JsonNode second = http.get("/recommendations?userId=" + later + "&count=3&category=" + category).json();
		assertThat(http
			.post("/events",
					"{\"userId\":\"" + later + "\",\"itemId\":\"" + second.get("items").get(0).get("itemId").asString()
							+ "\",\"type\":\"click\",\"recommendationId\":\""
							+ second.get("recommendationId").asString() + "\"}")
			.status()).isEqualTo(202);
		await().atMost(VISIBLE)
			.untilAsserted(() -> assertThat(this.models.load().statistics().count())
				.isGreaterThanOrEqualTo(atSnapshot.count() + 3));
		LinearStatistics learnedSince = quietStatistics();
		assertThat(learnedSince).isNotEqualTo(atSnapshot);
		Http.Answer rolledBack = http.post("/admin/model/rollback/" + snapshot, "");
		assertThat(rolledBack.status()).isEqualTo(200);
		assertThat(http.get("/admin/model").json().get("version").asLong()).isGreaterThan(snapshot);
		// the statistics themselves are the snapshot's, not only the version moved
		assertThat(this.models.load().statistics()).isEqualTo(atSnapshot);
		assertThat(http.get("/admin/model").json().get("rewards").asLong()).isEqualTo(atSnapshot.count());
	}

	/**
	 * The model's statistics once they stayed the same for 3 s (nothing left to learn).
	 */
	private LinearStatistics quietStatistics() {
		for (int attempt = 0; attempt < 10; attempt++) {
			LinearStatistics reference = this.models.load().statistics();
			try {
				await().during(Duration.ofSeconds(3))
					.atMost(Duration.ofSeconds(4))
					.until(() -> reference.equals(this.models.load().statistics()));
				return reference;
			}
			catch (org.awaitility.core.ConditionTimeoutException changed) {
				// something was still being learned: watch again
			}
		}
		throw new AssertionError("the model's statistics never stayed the same for 3 s");
	}

	@Test
	void keysAreHashTaggedAndSpreadOverTheMasters() {
		Http http = new Http(this.port);
		for (int i = 0; i < 30; i++) {
			http.put("/items/" + unique("spread"), "{\"category\":\"" + unique("c") + "\"}");
		}
		RedisClient client = RedisClient.create();
		try {
			int mastersWithKeys = 0;
			int keys = 0;
			for (int port : cluster.ports()) {
				try (StatefulRedisConnection<String, String> node = client
					.connect(RedisURI.create("127.0.0.1", port))) {
					if (!node.sync().info("replication").contains("role:master")) {
						continue;
					}
					List<String> own = node.sync().keys("kairos:*");
					keys += own.size();
					if (!own.isEmpty()) {
						mastersWithKeys++;
					}
					assertThat(own).allMatch((key) -> key.matches("kairos:\\{[^}]+\\}.*"));
				}
			}
			assertThat(keys).isGreaterThanOrEqualTo(60);
			assertThat(mastersWithKeys).isEqualTo(3);
		}
		finally {
			client.shutdown();
		}
	}

}
