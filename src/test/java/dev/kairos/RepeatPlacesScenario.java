package dev.kairos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.kairos.core.ranking.RepeatConsumption;
import dev.kairos.events.EventType;
import dev.kairos.events.InteractionEvent;
import dev.kairos.features.FeatureStore;
import dev.kairos.features.FeatureUpdates;
import dev.kairos.features.FeatureUpdates.LoggedEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Repeat consumption end to end on a real Kafka broker and a real redis-server: the
 * worker counts a user's consumptions and repeats (once, whatever is redelivered), and
 * {@code GET /recommendations} gives repeat places to a user who buys items again only
 * with {@code kairos.recommendations.repeats=learned}. Run by
 * {@link RepeatPlacesLearnedTest} and {@link RepeatPlacesNeverTest}.
 */
abstract class RepeatPlacesScenario {

	private static final Duration VISIBLE = Duration.ofSeconds(30);

	@LocalServerPort
	private int port;

	@Autowired
	private FeatureUpdates updates;

	@Autowired
	private FeatureStore store;

	/** Whether the application gives repeat places. */
	abstract boolean learned();

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void aRedeliveredBatchCountsItsRepeatsOnce() {
		String user = unique("user");
		String a = unique("a");
		String b = unique("b");
		Instant t = Instant.parse("2026-03-02T10:00:00Z");
		// a and b bought, a twice in the same basket (one consumption), then a again
		// later (a repeat), then b skipped (not a consumption)
		List<LoggedEvent> batch = new ArrayList<>();
		batch.add(logged(user, a, EventType.PURCHASE, t, 0));
		batch.add(logged(user, a, EventType.PURCHASE, t, 1));
		batch.add(logged(user, b, EventType.PURCHASE, t, 2));
		batch.add(logged(user, a, EventType.PURCHASE, t.plusSeconds(86_400), 3));
		batch.add(logged(user, b, EventType.SKIP, t.plusSeconds(90_000), 4));
		RepeatConsumption.Counts before = this.store.population().repeats();
		assertThat(this.updates.apply(batch)).containsOnly(FeatureStore.Outcome.APPLIED);
		RepeatConsumption.Counts once = this.store.population().repeats();
		// redelivered after a crash: nothing counted again
		assertThat(this.updates.apply(batch)).containsOnly(FeatureStore.Outcome.REPLAYED);
		RepeatConsumption.Counts twice = this.store.population().repeats();

		assertThat(this.store.user(user).repeatCounts()).isEqualTo(new RepeatConsumption.Counts(3, 1));
		assertThat(once.consumptions() - before.consumptions()).isEqualTo(3);
		assertThat(once.repeats() - before.repeats()).isEqualTo(1);
		assertThat(twice).isEqualTo(once);
		// the skipped item is not among the ones repeat places may take
		assertThat(this.store.user(user).consumedRecentFirst()).containsExactly(a);
	}

	private static LoggedEvent logged(String user, String item, EventType type, Instant at, long offset) {
		return new LoggedEvent(new InteractionEvent(UUID.randomUUID().toString(), false, user, item, type, at,
				Instant.now(), null, null, null), 3001, offset);
	}

	@Test
	void aUserWhoBuysItemsAgainGetsRepeatPlacesOnlyWithTheSettingOn() {
		Http http = new Http(this.port);
		String category = unique("cat");
		String user = unique("shopper");
		List<String> bought = List.of(unique("milk"), unique("bread"), unique("eggs"));
		List<String> others = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			others.add(unique("other"));
		}
		for (String item : concat(bought, others)) {
			assertThat(http
				.put("/items/" + item, "{\"category\":\"" + category + "\",\"createdAt\":\"2020-01-01T00:00:00Z\"}")
				.status()).isEqualTo(201);
		}
		// a basket of three, then milk and bread bought again: 5 consumptions, 2 repeats,
		// bread the most recent
		Instant t = Instant.now().minusSeconds(3 * 86_400);
		StringBuilder events = new StringBuilder("[");
		for (String item : bought) {
			events.append(purchase(user, item, t)).append(',');
		}
		events.append(purchase(user, bought.get(0), t.plusSeconds(86_400))).append(',');
		events.append(purchase(user, bought.get(1), t.plusSeconds(2 * 86_400))).append(']');
		assertThat(http.post("/events", events.toString()).status()).isEqualTo(202);
		await().atMost(VISIBLE)
			.untilAsserted(() -> assertThat(this.store.user(user).repeatCounts())
				.isEqualTo(new RepeatConsumption.Counts(5, 2)));

		// until the serving snapshot holds the new items (some other item is served)
		await().atMost(VISIBLE).untilAsserted(() -> {
			JsonNode answer = http.get("/recommendations?userId=" + user + "&count=10&category=" + category).json();
			assertThat(ids(answer)).containsAnyElementsOf(others);
			if (learned()) {
				// a share of at least (2 + 0)/(5 + 5) = 0.2 of 10 places: bread, then
				// milk,
				// deterministic
				assertThat(ids(answer)).startsWith(bought.get(1), bought.get(0));
				for (int j = 0; j < 2; j++) {
					assertThat(answer.get("items").get(j).get("reason").asString()).isEqualTo("repeat");
					assertThat(answer.get("items").get(j).get("propensity").asDouble()).isEqualTo(1.0);
				}
			}
			else {
				assertThat(ids(answer)).doesNotContainAnyElementsOf(bought);
				answer.get("items").forEach((item) -> assertThat(item.get("reason").asString()).isNotEqualTo("repeat"));
			}
		});
		// an item the request excludes takes no repeat place
		JsonNode excluded = http
			.get("/recommendations?userId=" + user + "&count=10&category=" + category + "&exclude=" + bought.get(1))
			.json();
		assertThat(ids(excluded)).doesNotContain(bought.get(1));
		if (learned()) {
			assertThat(ids(excluded)).startsWith(bought.get(0));
		}
		else {
			assertThat(ids(excluded)).doesNotContainAnyElementsOf(bought);
		}
	}

	private static String purchase(String user, String item, Instant at) {
		return "{\"userId\":\"" + user + "\",\"itemId\":\"" + item + "\",\"type\":\"purchase\",\"timestamp\":\"" + at
				+ "\"}";
	}

	private static List<String> ids(JsonNode answer) {
		List<String> ids = new ArrayList<>();
		answer.get("items").forEach((item) -> ids.add(item.get("itemId").asString()));
		return ids;
	}

	private static List<String> concat(List<String> first, List<String> second) {
		List<String> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

}
