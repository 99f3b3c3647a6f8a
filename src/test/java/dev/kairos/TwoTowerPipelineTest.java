package dev.kairos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.kairos.core.embedding.TowerSnapshot;
import dev.kairos.learning.TowerStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two-tower embeddings end to end on a real Kafka broker and a real Redis: the worker
 * registers the catalogue and trains from served slates and clicks, publishes the
 * vectors, and serving's retrieval and {@code two-tower} feature follow; a new item gets
 * its content's vector before its first click.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.embeddings.enabled=true",
				"kairos.embeddings.publish-interval=200ms", "kairos.ranking.policy=neural-linear" })
class TwoTowerPipelineTest {

	@LocalServerPort
	private int port;

	@Autowired
	private TowerStore towers;

	private static String click(String user, String item) {
		return "{\"userId\":\"" + user + "\",\"itemId\":\"" + item + "\",\"type\":\"click\"}";
	}

	/** The explained {@code twoTower} affinity of the user for each item of the slate. */
	private static double meanAffinity(JsonNode answer, String prefix) {
		double sum = 0;
		int n = 0;
		for (JsonNode item : answer.get("items")) {
			String id = item.get("itemId").asString();
			if (id.startsWith(prefix)) {
				sum += answer.get("explanation").get(id).get("twoTower").asDouble();
				n++;
			}
		}
		return (n == 0) ? Double.NaN : sum / n;
	}

	@Test
	void aClickStreamChangesWhatTheTowersServe() {
		Http http = new Http(this.port);
		String run = UUID.randomUUID().toString().substring(0, 8);
		String category = "towers-" + run;
		String alpha = "alpha-" + run + "-";
		String beta = "beta-" + run + "-";
		for (int i = 0; i < 8; i++) {
			assertThat(http.put("/items/" + alpha + i, "{\"category\":\"" + category + "\",\"tags\":[\"alpha\"]}")
				.status()).isEqualTo(201);
			assertThat(
					http.put("/items/" + beta + i, "{\"category\":\"" + category + "\",\"tags\":[\"beta\"]}").status())
				.isEqualTo(201);
		}
		// the catalogue reaches the published vectors before any click
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			TowerSnapshot published = this.towers.load();
			assertThat(published).isNotNull();
			assertThat(published.knows(alpha + 7)).isTrue();
			assertThat(published.knows(beta + 7)).isTrue();
		});
		long before = this.towers.version();

		// 40 users are served slates of both kinds and click only alpha items
		List<String> clicks = new ArrayList<>();
		for (int u = 0; u < 40; u++) {
			String user = "fan-" + run + "-" + u;
			assertThat(http.get("/recommendations?userId=" + user + "&count=16&category=" + category).status())
				.isEqualTo(200);
			for (int k = 0; k < 3; k++) {
				clicks.add(click(user, alpha + ((u + k) % 8)));
			}
		}
		assertThat(http.post("/events", "[" + String.join(",", clicks) + "]").status()).isEqualTo(202);

		// a user who took two alpha items: the served towers now put alpha before beta
		String probe = "probe-" + run;
		assertThat(http.post("/events", "[" + click(probe, alpha + 0) + "," + click(probe, alpha + 1) + "]").status())
			.isEqualTo(202);
		String[] last = new String[1];
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			assertThat(this.towers.version()).isGreaterThan(before);
			JsonNode answer = http
				.get("/recommendations?userId=" + probe + "&count=14&explain=true&category=" + category)
				.json();
			last[0] = answer.toString();
			assertThat(answer.get("policy").asString()).isEqualTo("neural-linear");
			// the neural-linear layer learned from the served slates and the clicks
			assertThat(this.towers.load().neuralLinear().count()).isGreaterThanOrEqualTo(40);
			assertThat(this.towers.load().neuralLinear().b()).isNotEqualTo(new double[16 + 48]);
			assertThat(meanAffinity(answer, alpha)).as(() -> last[0]).isGreaterThan(meanAffinity(answer, beta) + 0.05);
		});

		// a new alpha-tagged item, never clicked, gets its content's vector
		assertThat(http.put("/items/" + alpha + "new", "{\"category\":\"" + category + "\",\"tags\":[\"alpha\"]}")
			.status()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
			JsonNode answer = http
				.get("/recommendations?userId=" + probe + "&count=15&explain=true&category=" + category)
				.json();
			last[0] = answer.toString();
			double fresh = answer.get("explanation").get(alpha + "new").get("twoTower").asDouble();
			assertThat(fresh).as(() -> last[0]).isGreaterThan(meanAffinity(answer, beta));
		});

		// an event's context becomes the user's context; a request's own context wins
		assertThat(http
			.post("/events",
					"{\"userId\":\"" + probe + "\",\"itemId\":\"" + beta + 0
							+ "\",\"type\":\"view\",\"context\":{\"device\":\"ios\",\"country\":\"fr\"}}")
			.status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
			JsonNode answer = http
				.get("/recommendations?userId=" + probe + "&count=5&explain=true&category=" + category)
				.json();
			last[0] = answer.toString();
			String first = answer.get("items").get(0).get("itemId").asString();
			assertThat(answer.get("explanation").get(first).get("hashedFeatures").toString()).as(() -> last[0])
				.contains("context.device=ios", "context.country=fr", "context.device=ios&category=" + category);
		});
		JsonNode web = http
			.get("/recommendations?userId=" + probe + "&count=5&explain=true&context.device=web&category=" + category)
			.json();
		String first = web.get("items").get(0).get("itemId").asString();
		assertThat(web.get("explanation").get(first).get("hashedFeatures").toString())
			.contains("context.device=web", "context.country=fr", "tag:")
			.doesNotContain("context.device=ios");
	}

}
