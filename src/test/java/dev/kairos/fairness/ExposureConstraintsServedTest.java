package dev.kairos.fairness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Exposure constraints applied when serving, on a real Kafka broker and a real Redis:
 * with {@code kairos.fairness.min-share.indie=0.4} and {@code max-share=0.6} by
 * {@code provider}, every slate of 5 holds at least 2 items of the provider
 * {@code indie}, whose items nobody clicked, and at most 3 of any provider, although the
 * crowd's purchases put the provider {@code big}'s items first. The policy is ε-greedy
 * with ε = 1, so the last place is always explored: the exploration keeps the constraints
 * too, and its propensity is that of the slate served (uniform over the candidates that
 * keep them).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.ranking.policy=epsilon-greedy", "kairos.policies.epsilon=1",
				"kairos.fairness.item-attribute=provider", "kairos.fairness.min-share.indie=0.4",
				"kairos.fairness.max-share=0.6" })
class ExposureConstraintsServedTest {

	@LocalServerPort
	private int port;

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void everySlateMeetsTheConfiguredShares() {
		Http http = new Http(this.port);
		String category = unique("c");
		List<String> big = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			String id = category + "-big-" + i;
			big.add(id);
			assertThat(http
				.put("/items/" + id,
						"{\"category\":\"" + category
								+ "\",\"createdAt\":\"2020-01-01T00:00:00Z\",\"attributes\":{\"provider\":\"big\"}}")
				.status()).isEqualTo(201);
		}
		for (int i = 0; i < 2; i++) {
			assertThat(http
				.put("/items/" + category + "-indie-" + i,
						"{\"category\":\"" + category
								+ "\",\"createdAt\":\"2020-01-01T00:00:00Z\",\"attributes\":{\"provider\":\"indie\"}}")
				.status()).isEqualTo(201);
		}
		List<String> purchases = new ArrayList<>();
		for (String id : big) {
			for (int u = 0; u < 3; u++) {
				purchases
					.add("{\"userId\":\"" + unique("crowd") + "\",\"itemId\":\"" + id + "\",\"type\":\"purchase\"}");
			}
		}
		assertThat(http.post("/events", "[" + String.join(",", purchases) + "]").status()).isEqualTo(202);
		// the crowd's purchases reached the serving snapshot: a slate of 3 without
		// the minimum would be the big provider's alone, so the indie items are there
		// because of the constraint, not for lack of better items
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(http.get("/items/" + big.get(0)).json().get("counts").get("purchase").asLong())
						.isEqualTo(3));
		for (int r = 0; r < 12; r++) {
			JsonNode slate = http.get("/recommendations?userId=" + unique("u") + "&count=5&category=" + category)
				.json();
			JsonNode items = slate.get("items");
			assertThat(items.size()).isEqualTo(5);
			int indie = 0;
			int bigShown = 0;
			for (JsonNode item : items) {
				String id = item.get("itemId").asString();
				indie += id.contains("-indie-") ? 1 : 0;
				bigShown += id.contains("-big-") ? 1 : 0;
				double propensity = item.get("propensity").asDouble();
				assertThat(propensity).isGreaterThan(0).isLessThanOrEqualTo(1);
			}
			assertThat(indie).as(slate.toString()).isEqualTo(2);
			assertThat(bigShown).as(slate.toString()).isEqualTo(3);
			// places 1-4 are the (constrained) ranking's; the last is explored among the
			// candidates that keep the constraints: none but itself if it is an indie
			// item (the other is above it), else itself and the 5 big items not shown
			for (int j = 0; j < 4; j++) {
				assertThat(items.get(j).get("propensity").asDouble()).isEqualTo(1.0);
			}
			boolean lastIndie = items.get(4).get("itemId").asString().contains("-indie-");
			assertThat(items.get(4).get("propensity").asDouble()).as(slate.toString())
				.isCloseTo(lastIndie ? 1.0 : 1 / 6.0, org.assertj.core.data.Offset.offset(1e-9));
		}
	}

}
