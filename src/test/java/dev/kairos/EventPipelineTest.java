package dev.kairos;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.kairos.config.KairosProperties;
import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.ranking.AffinityLift;
import dev.kairos.core.ranking.Exposure;
import dev.kairos.events.EventType;
import dev.kairos.events.InteractionEvent;
import dev.kairos.features.FeatureSettings;
import dev.kairos.fairness.FairnessMetrics;
import dev.kairos.features.ExposureEffect;
import dev.kairos.features.FeatureStore;
import dev.kairos.features.RankedList;
import dev.kairos.features.FeatureUpdates;
import dev.kairos.features.FeatureUpdates.LoggedEvent;
import dev.kairos.features.UserFeatures;
import dev.kairos.metrics.KairosMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * End to end on a real Kafka broker and a real redis-server (the embedded default): items
 * in, events in, features and recommendations change; nothing is counted twice.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "kairos.learning.attribution-window=2s",
				"kairos.fairness.item-attribute=provider", "kairos.fairness.user-attribute=segment",
				"kairos.fairness.max-groups=100000" })
class EventPipelineTest {

	private static final Duration VISIBLE = Duration.ofSeconds(15);

	@LocalServerPort
	private int port;

	@Autowired
	private FeatureUpdates updates;

	@Autowired
	private FeatureStore store;

	@Autowired
	private KafkaTemplate<String, byte[]> kafka;

	@Autowired
	private KairosProperties properties;

	@Autowired
	private FeatureSettings settings;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private FairnessMetrics fairnessMetrics;

	@Value("${spring.kafka.bootstrap-servers}")
	private String bootstrapServers;

	private Http http() {
		return new Http(this.port);
	}

	private static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private static String event(String userId, String itemId, String type) {
		return "{\"userId\":\"" + userId + "\",\"itemId\":\"" + itemId + "\",\"type\":\"" + type + "\"}";
	}

	private static String eventAt(String userId, String itemId, String type, Instant timestamp,
			String recommendationId) {
		return "{\"userId\":\"" + userId + "\",\"itemId\":\"" + itemId + "\",\"type\":\"" + type + "\",\"timestamp\":\""
				+ timestamp + "\""
				+ ((recommendationId != null) ? ",\"recommendationId\":\"" + recommendationId + "\"" : "") + "}";
	}

	/** Creates items of a category, created long ago (none of them is new). */
	private static void oldItems(Http http, String category, List<String> items) {
		for (String item : items) {
			assertThat(http
				.put("/items/" + item, "{\"category\":\"" + category + "\",\"createdAt\":\"2020-01-01T00:00:00Z\"}")
				.status()).isEqualTo(201);
		}
	}

	private static List<String> itemIds(JsonNode recommendation) {
		List<String> ids = new ArrayList<>();
		recommendation.get("items").forEach((item) -> ids.add(item.get("itemId").asString()));
		return ids;
	}

	@Test
	void eventsChangeFeaturesAndRecommendations() {
		Http http = http();
		String category = unique("cat");
		String other = unique("other");
		String liked = unique("liked");
		String alsoLiked = unique("also");
		String elsewhere = unique("else");
		assertThat(http
			.put("/items/" + liked, "{\"category\":\"" + category + "\",\"createdAt\":\"2020-01-01T00:00:00Z\"}")
			.status()).isEqualTo(201);
		assertThat(http.put("/items/" + liked, "{\"category\":\"" + category + "\",\"tags\":[\"x\"]}").status())
			.isEqualTo(200);
		assertThat(http
			.post("/items",
					"[{\"itemId\":\"" + alsoLiked + "\",\"category\":\"" + category
							+ "\",\"createdAt\":\"2020-01-01T00:00:00Z\"},{\"itemId\":\"" + elsewhere
							+ "\",\"category\":\"" + other + "\",\"createdAt\":\"2020-01-01T00:00:00Z\"}]")
			.json()
			.get("created")
			.asInt()).isEqualTo(2);

		// another user makes the other category's item more popular than anything in ours
		String crowd = unique("crowd");
		http.post("/events", event(crowd, elsewhere, "click"));

		String user = unique("user");
		assertThat(http.get("/users/" + user).status()).isEqualTo(404);
		JsonNode coldStart = http.get("/recommendations?userId=" + user + "&count=5").json();
		assertThat(coldStart.get("policy").asString()).isNotBlank();
		assertThat(coldStart.get("recommendationId").asString()).isNotBlank();

		Http.Answer accepted = http.post("/events",
				"[" + event(user, liked, "click") + "," + event(user, liked, "view") + "]");
		assertThat(accepted.status()).isEqualTo(202);
		assertThat(accepted.json().get("accepted").asInt()).isEqualTo(2);

		await().atMost(VISIBLE).ignoreExceptions().untilAsserted(() -> {
			JsonNode profile = http.get("/users/" + user).json();
			assertThat(profile.get("counts").get("click").asLong()).isEqualTo(1);
			assertThat(profile.get("counts").get("view").asLong()).isEqualTo(1);
			assertThat(profile.get("interests").get(0).get("category").asString()).isEqualTo(category);
			assertThat(profile.get("recentItems").get(0).asString()).isEqualTo(liked);
		});
		await().atMost(VISIBLE).ignoreExceptions().untilAsserted(() -> {
			JsonNode recommendation = http.get("/recommendations?userId=" + user + "&count=3&explain=true").json();
			List<String> ids = itemIds(recommendation);
			// the clicked item is consumed; the other item of the user's category comes
			// first
			assertThat(ids).doesNotContain(liked);
			assertThat(ids.get(0)).isEqualTo(alsoLiked);
			assertThat(recommendation.get("items").get(0).get("reason").asString()).isIn("exploit", "interest-clock");
			assertThat(recommendation.get("explanation").get(alsoLiked).get("prior").asDouble()).isPositive();
		});
		assertThat(itemIds(http.get("/recommendations?userId=" + user + "&exclude=" + alsoLiked).json()))
			.doesNotContain(alsoLiked, liked);

		JsonNode item = http.get("/items/" + liked).json();
		assertThat(item.get("counts").get("click").asLong()).isEqualTo(1);
		assertThat(item.get("tags").get(0).asString()).isEqualTo("x");
		assertThat(item.get("popularity").asDouble()).isPositive();

		assertThat(http.delete("/items/" + alsoLiked).status()).isEqualTo(204);
		assertThat(itemIds(http.get("/recommendations?userId=" + user + "&count=100").json()))
			.doesNotContain(alsoLiked);
		assertThat(http.get("/items/" + alsoLiked).json().get("active").asBoolean()).isFalse();
	}

	@Test
	void theRequestTimeDecidesDecayAndNewness() {
		Http http = http();
		String category = unique("cat");
		String old = unique("old");
		String fresh = unique("fresh");
		String brandNew = unique("new");
		http.put("/items/" + old, "{\"category\":\"" + category + "\",\"createdAt\":\"2020-01-01T00:00:00Z\"}");
		http.put("/items/" + fresh, "{\"category\":\"" + category + "\",\"createdAt\":\"2020-01-01T00:00:00Z\"}");
		http.put("/items/" + brandNew, "{\"category\":\"" + category + "\",\"createdAt\":\"2026-01-20T00:00:00Z\"}");
		String crowd = unique("crowd");
		List<String> events = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			events.add("{\"userId\":\"" + crowd + i + "\",\"itemId\":\"" + old
					+ "\",\"type\":\"purchase\",\"timestamp\":\"2026-01-01T00:00:00Z\"}");
		}
		events.add("{\"userId\":\"" + crowd + "\",\"itemId\":\"" + fresh
				+ "\",\"type\":\"view\",\"timestamp\":\"2026-01-20T00:00:00Z\"}");
		assertThat(http.post("/events", "[" + String.join(",", events) + "]").status()).isEqualTo(202);
		String query = "/recommendations?userId=" + unique("u") + "&category=" + category + "&at=";
		await().atMost(VISIBLE).ignoreExceptions().untilAsserted(() -> {
			// right after the view, its trend puts the viewed item's popularity prior
			// ahead; a week on, the old
			// purchases lead again (the learned terms of the score are tested elsewhere)
			JsonNode jan20 = http.get(query + "2026-01-20T01:00:00Z&explain=true").json();
			assertThat(prior(jan20, fresh)).isGreaterThan(prior(jan20, old));
			assertThat(jan20.get("generatedAt").asString()).isEqualTo("2026-01-20T01:00:00Z");
			JsonNode jan27 = http.get(query + "2026-01-27T00:00:00Z&explain=true").json();
			assertThat(prior(jan27, old)).isGreaterThan(prior(jan27, fresh));
		});
		// the item created on Jan 20 is new on Jan 21 (its prior carries the new-item
		// bonus), and no longer on Mar 1
		double newOnJan21 = http.get(query + "2026-01-21T00:00:00Z&explain=true")
			.json()
			.get("explanation")
			.get(brandNew)
			.get("prior")
			.asDouble();
		double newOnMar1 = http.get(query + "2026-03-01T00:00:00Z&explain=true")
			.json()
			.get("explanation")
			.get(brandNew)
			.get("prior")
			.asDouble();
		assertThat(newOnJan21).isPositive();
		assertThat(newOnMar1).isZero();
	}

	private static double prior(JsonNode recommendation, String itemId) {
		return recommendation.get("explanation").get(itemId).get("prior").asDouble();
	}

	@Test
	void theSameClientEventsPostedTwiceCountOnce() {
		Http http = http();
		String user = unique("user");
		String item = unique("item");
		String batch = "[{\"eventId\":\"" + user + "-1\",\"userId\":\"" + user + "\",\"itemId\":\"" + item
				+ "\",\"type\":\"click\"},{\"eventId\":\"" + user + "-2\",\"userId\":\"" + user + "\",\"itemId\":\""
				+ item + "\",\"type\":\"impression\"}]";
		assertThat(http.post("/events", batch).status()).isEqualTo(202);
		assertThat(http.post("/events", batch).status()).isEqualTo(202);
		// a third batch without ids marks the point by which both copies were processed
		assertThat(http.post("/events", event(user, item, "view")).status()).isEqualTo(202);
		await().atMost(VISIBLE)
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(http.get("/users/" + user).json().get("counts").get("view").asLong())
				.isEqualTo(1));
		JsonNode counts = http.get("/users/" + user).json().get("counts");
		assertThat(counts.get("click").asLong()).isEqualTo(1);
		assertThat(counts.get("impression").asLong()).isEqualTo(1);
		JsonNode itemCounts = http.get("/items/" + item).status() == 404 ? null : http.get("/items/" + item).json();
		assertThat(itemCounts).isNull(); // not in the catalogue, so not served, but its
											// counters are in the store
		assertThat(this.store.items(List.of(item)).get(item).count(EventType.CLICK)).isEqualTo(1);
	}

	@Test
	void itemsClickedTogetherBecomeEachOthersCandidatesCountedOncePerPair() {
		Http http = http();
		String category = unique("cat");
		String first = unique("first");
		String second = unique("second");
		oldItems(http, category, List.of(first, second));
		Instant now = Instant.now();
		List<LoggedEvent> batch = new ArrayList<>();
		String earlyAdopter = unique("user");
		batch.add(new LoggedEvent(new InteractionEvent(UUID.randomUUID().toString(), false, earlyAdopter, first,
				EventType.CLICK, now.minusSeconds(60), now, null, null, null), 2000, 0));
		batch.add(new LoggedEvent(new InteractionEvent(UUID.randomUUID().toString(), false, earlyAdopter, second,
				EventType.PURCHASE, now, now, null, null, null), 2000, 1));
		assertThat(this.updates.apply(batch)).containsOnly(FeatureStore.Outcome.APPLIED);
		// redelivered: no pair is counted again
		assertThat(this.updates.apply(batch)).containsOnly(FeatureStore.Outcome.REPLAYED);
		// what the user was shown and clicked is counted by category and time of day
		// (an impression that names no slate, and the user was served none: the join
		// hands
		// it to the exposures without one, and it counts at the prior rate)
		this.updates.applyExposures(List.of(new ExposureEffect(earlyAdopter, second,
				Instant.parse("2026-01-05T09:30:00Z").toEpochMilli(), 2000, 3, 1, null)));
		UserFeatures adopter = this.store.user(earlyAdopter);
		assertThat(adopter.clockExposure(category, 9)).isCloseTo(this.settings.ctr().priorRate(), within(1e-12));
		assertThat(adopter.clockExposure(category, 21)).isZero();
		long clicksInThisBlock = java.util.stream.Stream.of(now.minusSeconds(60), now)
			.filter((t) -> UserFeatures.hourBlock(hourOfDay(t)) == UserFeatures.hourBlock(hourOfDay(now)))
			.count();
		assertThat(adopter.blockClicks(category, hourOfDay(now))).isEqualTo(clicksInThisBlock);
		assertThat(adopter.blockClicks(category, (hourOfDay(now) + 12) % 24)).isZero();
		Map<RankedList, List<String>> lists = this.store
			.top(List.of(RankedList.coClicked(first), RankedList.coClicked(second)), 10);
		assertThat(lists.get(RankedList.coClicked(first))).containsExactly(second);
		assertThat(lists.get(RankedList.coClicked(second))).containsExactly(first);
		// one pair, of the later event's weight (a purchase), despite the redelivery
		assertThat(
				this.settings.popularity().valueAt(this.store.coOccurrences(first, 10).get(second), now.toEpochMilli()))
			.isCloseTo(this.settings.weight(EventType.PURCHASE), within(1e-9));

		// a basket: three items bought at the same instant pair with each other, each
		// pair
		// once, in both directions
		String shopper = unique("user");
		List<String> basket = List.of(unique("b1"), unique("b2"), unique("b3"));
		oldItems(http, category, basket);
		List<LoggedEvent> purchases = new ArrayList<>();
		for (int i = 0; i < basket.size(); i++) {
			purchases.add(new LoggedEvent(new InteractionEvent(UUID.randomUUID().toString(), false, shopper,
					basket.get(i), EventType.PURCHASE, now, now, null, null, null), 2000, 10 + i));
		}
		this.updates.apply(purchases);
		for (String a : basket) {
			Map<String, Double> partners = this.store.coOccurrences(a, 10);
			assertThat(partners.keySet())
				.containsExactlyInAnyOrderElementsOf(basket.stream().filter((b) -> !b.equals(a)).toList());
			partners.values()
				.forEach((logSum) -> assertThat(this.settings.popularity().valueAt(logSum, now.toEpochMilli()))
					.isCloseTo(this.settings.weight(EventType.PURCHASE), within(1e-9)));
		}

		// someone who clicked only the first item now gets the second among their
		// candidates, although it is neither popular in their categories nor new
		String follower = unique("user");
		this.updates.apply(List.of(new LoggedEvent(new InteractionEvent(UUID.randomUUID().toString(), false, follower,
				first, EventType.CLICK, now, now, null, null, null), 2000, 2)));
		assertThat(itemIds(http.get("/recommendations?userId=" + follower + "&count=100").json())).contains(second);
	}

	@Test
	void anItemViewedTogetherWithAnotherByManyUsersBecomesItsMostSimilar() {
		Http http = http();
		String category = unique("cat");
		String tent = unique("tent");
		String bag = unique("bag");
		String lamp = unique("lamp");
		String bread = unique("bread");
		String retired = unique("retired");
		oldItems(http, category, List.of(tent, bag, lamp, bread, retired));
		Instant start = Instant.now().minusSeconds(3_600);
		List<String> events = new ArrayList<>();
		for (int u = 0; u < 12; u++) {
			String user = unique("camper");
			Instant t = start.plusSeconds(u * 60L);
			// everybody takes bread first; campers view the tent, then the bag
			events.add(timed(user, bread, "view", t));
			events.add(timed(user, tent, "view", t.plusSeconds(1)));
			events.add(timed(user, (u < 10) ? bag : lamp, (u % 2 == 0) ? "click" : "view", t.plusSeconds(2)));
			events.add(timed(user, retired, "view", t.plusSeconds(3)));
		}
		// bread is a best-seller: many more users take it with other things
		for (int u = 0; u < 40; u++) {
			String user = unique("shopper");
			events.add(timed(user, bread, "purchase", start.plusSeconds(u)));
			events.add(timed(user, lamp, "view", start.plusSeconds(u + 1L)));
		}
		assertThat(http.post("/events", "[" + String.join(",", events) + "]").status()).isEqualTo(202);
		assertThat(http.delete("/items/" + retired).status()).isEqualTo(204);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode similar = http.get("/items/" + tent + "/similar?count=3").json();
			assertThat(similar.get("itemId").asString()).isEqualTo(tent);
			List<String> ids = itemIds(similar);
			assertThat(ids).first().isEqualTo(bag);
			assertThat(ids).contains(bread).doesNotContain(retired, tent);
			assertThat(similar.get("items").get(0).get("score").asDouble())
				.isGreaterThan(similar.get("items").get(1).get("score").asDouble());
		});
		assertThat(http.get("/items/" + bag + "/similar").json().get("items").get(0).get("itemId").asString())
			.isEqualTo(tent);
		assertThat(http.get("/items/" + unique("nothing") + "/similar").status()).isEqualTo(404);
		assertThat(http.get("/items/" + tent + "/similar?count=0").status()).isEqualTo(400);
		assertThat(http.get("/items/" + tent + "/similar?count=0").contentType()).isEqualTo("application/problem+json");
	}

	private static String timed(String userId, String itemId, String type, Instant at) {
		return "{\"userId\":\"" + userId + "\",\"itemId\":\"" + itemId + "\",\"type\":\"" + type + "\",\"timestamp\":\""
				+ at + "\"}";
	}

	@Test
	void clicksRaiseAnItemInItsCategorysPopularAndTrendingLists() {
		Http http = http();
		String category = unique("cat");
		// named so that the expected order is not the lists' order of equal scores
		List<String> items = List.of(unique("a-clicked-once"), unique("b-clicked-twice"));
		oldItems(http, category, items);
		Instant now = Instant.now();
		List<LoggedEvent> clicks = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			clicks.add(new LoggedEvent(new InteractionEvent(UUID.randomUUID().toString(), false, unique("user"),
					items.get((i == 0) ? 0 : 1), EventType.CLICK, now, now, null, null, null), 2002, i));
		}
		this.updates.apply(clicks);
		for (RankedList.Kind kind : List.of(RankedList.Kind.POPULAR, RankedList.Kind.TRENDING)) {
			RankedList list = new RankedList(kind, category);
			assertThat(this.store.top(List.of(list), 10).get(list)).as(kind.name())
				.containsExactly(items.get(1), items.get(0));
			assertThat(this.store.top(List.of(RankedList.global(kind)), 100_000).get(RankedList.global(kind)))
				.as(kind.name())
				.containsAll(items);
		}
	}

	@Test
	void categoriesAreFreeTextStoredListedAndFilteredAsGiven() {
		Http http = http();
		// an apostrophe, an ampersand, spaces and accents: a category is text, not an id
		String category = "Children's & Sci-Fi: Électronique " + unique("c");
		List<String> items = List.of(unique("film"), unique("film"));
		String json = JsonMapper.shared().writeValueAsString(category);
		for (String item : items) {
			assertThat(http.put("/items/" + item, "{\"category\":" + json + ",\"createdAt\":\"2020-01-01T00:00:00Z\"}")
				.status()).isEqualTo(201);
		}
		String other = unique("other");
		oldItems(http, unique("cat"), List.of(other));
		assertThat(http.get("/items/" + items.get(0)).json().get("category").asString()).isEqualTo(category);
		http.post("/events", event(unique("crowd"), items.get(0), "click"));
		String encoded = URLEncoder.encode(category, StandardCharsets.UTF_8);
		String user = unique("user");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode slate = http.get("/recommendations?userId=" + user + "&count=10&category=" + encoded).json();
			assertThat(itemIds(slate)).containsExactlyInAnyOrderElementsOf(items);
		});
		// a control character or whitespace at the ends is refused, and nothing is stored
		for (String bad : List.of("a\u0007b", " padded", "line\nbreak")) {
			String badItem = unique("bad");
			Http.Answer answer = http.put("/items/" + badItem,
					"{\"category\":" + JsonMapper.shared().writeValueAsString(bad) + "}");
			assertThat(answer.status()).as(bad).isEqualTo(400);
			assertThat(answer.contentType()).isEqualTo("application/problem+json");
			assertThat(http.get("/items/" + badItem).status()).isEqualTo(404);
		}
		assertThat(http.get("/recommendations?userId=" + user + "&category=%07").status()).isEqualTo(400);
	}

	@Test
	void theLeastShownItemsComeFirstInTheExplorationListsAndRetiredOnesLeaveThem() {
		Http http = http();
		String category = unique("cat");
		// named so that the expected order is not the lists' order of equal scores (by
		// name)
		List<String> items = List.of(unique("a-shown-twice"), unique("b-shown-once"), unique("c-never-shown"));
		oldItems(http, category, items);
		long now = System.currentTimeMillis();
		String user = unique("user");
		// served (the join's showings): a twice, b once, and b's second showing withdrawn
		// (the client reported others of its slate, not it)
		Exposure shown = Exposure.of(0, 0.05, 1, 0.05);
		List<ExposureEffect> showings = List.of(new ExposureEffect(user, items.get(0), now, 2001, 0, 1, shown),
				new ExposureEffect(user, items.get(1), now, 2001, 1, 1, shown),
				new ExposureEffect(user, items.get(0), now, 2001, 2, 1, shown),
				new ExposureEffect(user, items.get(1), now, 2001, 3, 1, shown),
				new ExposureEffect(user, items.get(1), now, 2001, 4, -1, shown));
		this.updates.applyExposures(showings);
		// redelivered: not counted again
		this.updates.applyExposures(showings);
		RankedList leastShown = new RankedList(RankedList.Kind.LEAST_SHOWN, category);
		assertThat(this.store.top(List.of(leastShown), 10).get(leastShown)).containsExactly(items.get(2), items.get(1),
				items.get(0));
		assertThat(this.store.top(List.of(leastShown), 1).get(leastShown)).containsExactly(items.get(2));
		assertThat(this.store.top(List.of(RankedList.global(RankedList.Kind.LEAST_SHOWN)), 100_000)
			.get(RankedList.global(RankedList.Kind.LEAST_SHOWN))).containsAll(items);
		// an item the catalogue sends again keeps its place
		http.put("/items/" + items.get(0), "{\"category\":\"" + category + "\"}");
		assertThat(this.store.top(List.of(leastShown), 10).get(leastShown)).last().isEqualTo(items.get(0));

		assertThat(http.delete("/items/" + items.get(2)).status()).isEqualTo(204);
		assertThat(this.store.top(List.of(leastShown), 10).get(leastShown)).containsExactly(items.get(1), items.get(0));
		assertThat(this.store.top(List.of(RankedList.global(RankedList.Kind.LEAST_SHOWN)), 100_000)
			.get(RankedList.global(RankedList.Kind.LEAST_SHOWN))).doesNotContain(items.get(2));
	}

	@Test
	void theUsersWhoseClocksFavourACategoryAtAnHourAreListed() {
		Http http = http();
		String category = unique("cat");
		String item = unique("item");
		http.put("/items/" + item, "{\"category\":\"" + category + "\",\"createdAt\":\"2020-01-01T00:00:00Z\"}");
		String morning = unique("morning");
		String evening = unique("evening");
		Instant nine = Instant.parse("2026-01-05T09:10:00Z");
		Instant twentyOne = Instant.parse("2026-01-05T21:10:00Z");
		this.updates.apply(List.of(
				new LoggedEvent(new InteractionEvent(UUID.randomUUID().toString(), false, morning, item,
						EventType.CLICK, nine, nine, null, null, null), 3000, 0),
				new LoggedEvent(new InteractionEvent(UUID.randomUUID().toString(), false, evening, item,
						EventType.CLICK, twentyOne, twentyOne, null, null, null), 3001, 0)));
		JsonNode atNine = http.get("/clock/fans?category=" + category + "&hour=9").json();
		assertThat(atNine).hasSize(2);
		assertThat(atNine.get(0).get("userId").asString()).isEqualTo(morning);
		assertThat(atNine.get(0).get("intensity").asDouble()).isGreaterThan(0.9);
		assertThat(atNine.get(1).get("intensity").asDouble()).isLessThan(0.1);
		assertThat(http.get("/clock/fans?category=" + category + "&hour=21").json().get(0).get("userId").asString())
			.isEqualTo(evening);
		assertThat(http.get("/clock/fans?category=" + category + "&hour=24").status()).isEqualTo(400);
		assertThat(http.get("/clock/fans?hour=9").status()).isEqualTo(400);
		assertThat(http.get("/clock/fans?category=" + category + "&limit=0").status()).isEqualTo(400);
	}

	@Test
	void aRedeliveredRecordIsNotCountedAgain() {
		String user = unique("user");
		String item = unique("item");
		Instant now = Instant.now();
		List<LoggedEvent> batch = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			InteractionEvent event = new InteractionEvent(UUID.randomUUID().toString(), false, user, item,
					EventType.CLICK, now, now, null, null, null);
			// a partition and offsets far from the real topic's, as a worker would see
			// them
			batch.add(new LoggedEvent(event, 1000, i));
		}
		assertThat(this.updates.apply(batch)).containsOnly(FeatureStore.Outcome.APPLIED).hasSize(5);
		// the worker crashed before committing: the same records come again, with one new
		// one
		List<LoggedEvent> redelivered = new ArrayList<>(batch);
		redelivered.add(new LoggedEvent(new InteractionEvent(UUID.randomUUID().toString(), false, user, item,
				EventType.VIEW, now, now, null, null, null), 1000, 5));
		assertThat(this.updates.apply(redelivered)).containsExactly(FeatureStore.Outcome.REPLAYED,
				FeatureStore.Outcome.REPLAYED, FeatureStore.Outcome.REPLAYED, FeatureStore.Outcome.REPLAYED,
				FeatureStore.Outcome.REPLAYED, FeatureStore.Outcome.APPLIED);
		UserFeatures features = this.store.user(user);
		assertThat(features.count(EventType.CLICK)).isEqualTo(5);
		assertThat(features.count(EventType.VIEW)).isEqualTo(1);
		assertThat(this.store.items(List.of(item)).get(item).count(EventType.CLICK)).isEqualTo(5);
	}

	@Test
	void aServedSlateCountsItsExposuresAtServeTimeAndUnseenItemsAreTakenBackInEventTime() {
		Http http = http();
		String category = unique("cat");
		String first = unique("first");
		String second = unique("second");
		oldItems(http, category, List.of(first, second));
		String user = unique("user");
		// the user comes first by a view (a known user), then asks for a slate the client
		// never reports at all (the attribution window is 2 s here)
		String other = unique("other");
		http.put("/items/" + other, "{\"category\":\"" + unique("elsewhere") + "\"}");
		assertThat(http.post("/events", eventAt(user, other, "view", Instant.now(), null)).status()).isEqualTo(202);
		await().atMost(VISIBLE).until(() -> http.get("/users/" + user).status() == 200);
		Instant at = Instant.now();
		JsonNode slate = http.get("/recommendations?userId=" + user + "&count=2&explain=true&category=" + category)
			.json();
		List<String> ids = itemIds(slate);
		assertThat(ids).containsExactlyInAnyOrder(first, second);
		// no impression: each item counts at once, as the slate recorded it: the user's
		// exposure adds each item's rate at its place, each item's the base rate times
		// the
		// user's lift at its place (one base rate for both)
		double[] userShare = new double[2];
		for (int position = 0; position < 2; position++) {
			JsonNode terms = slate.get("explanation").get(ids.get(position));
			userShare[position] = terms.get("itemRate").asDouble() * Exposure.discount(position);
		}
		double hour = InterestClock.hourOfDay(at, this.settings.zone());
		double both = userShare[0] + userShare[1];
		assertThat(both).isPositive();
		await().atMost(VISIBLE)
			.untilAsserted(() -> assertThat(this.store.user(user).clockExposure(category, hour)).isCloseTo(both,
					within(1e-9)));
		double[] base = new double[2];
		for (int position = 0; position < 2; position++) {
			JsonNode terms = slate.get("explanation").get(ids.get(position));
			base[position] = this.store.items(List.of(ids.get(position))).get(ids.get(position)).exposure()
					/ (terms.get("lift").asDouble() * Exposure.discount(position));
		}
		assertThat(base[0]).isPositive().isCloseTo(base[1], within(1e-9));

		// a second slate, which the client reports in part: the first item seen, the
		// second
		// not; when the event time passes its window (a later event of the same user),
		// the
		// second item's exposure is taken back
		JsonNode reported = http.get("/recommendations?userId=" + user + "&count=2&explain=true&category=" + category)
			.json();
		String recommendationId = reported.get("recommendationId").asString();
		List<String> reportedIds = itemIds(reported);
		assertThat(
				http.post("/events", eventAt(user, reportedIds.get(0), "impression", Instant.now(), recommendationId))
					.status())
			.isEqualTo(202);
		double firstShare = reported.get("explanation").get(reportedIds.get(0)).get("itemRate").asDouble();
		double secondShare = reported.get("explanation").get(reportedIds.get(1)).get("itemRate").asDouble()
				* Exposure.discount(1);
		await().atMost(VISIBLE)
			.untilAsserted(() -> assertThat(this.store.user(user).clockExposure(category, hour))
				.isCloseTo(both + firstShare + secondShare, within(1e-9)));
		await().pollDelay(Duration.ofMillis(2500)).until(() -> true);
		assertThat(http.post("/events", eventAt(user, other, "view", Instant.now(), null)).status()).isEqualTo(202);
		// the first slate, never reported, keeps both
		await().atMost(VISIBLE)
			.untilAsserted(() -> assertThat(this.store.user(user).clockExposure(category, hour))
				.isCloseTo(both + firstShare, within(1e-9)));

		// an impression of an item no slate showed counts at the prior rate
		double missing = joined("missing");
		String stranger = unique("stranger");
		assertThat(http.post("/events", eventAt(stranger, first, "impression", at, null)).status()).isEqualTo(202);
		await().atMost(VISIBLE)
			.untilAsserted(() -> assertThat(this.store.user(stranger).clockExposure(category, hour))
				.isCloseTo(this.settings.ctr().priorRate(), within(1e-12)));
		assertThat(joined("missing") - missing).isGreaterThanOrEqualTo(1);
		// the join reports its lag, as the events' listener does (0 once caught up)
		await().atMost(VISIBLE)
			.untilAsserted(() -> assertThat(this.meters.find(KairosMetrics.CONSUMER_LAG)
				.gauges()
				.stream()
				.filter((g) -> g.getId().getTag("group").startsWith("kairos-attribution")) // the
																							// join's
																							// application
																							// id
				.mapToDouble(Gauge::value)).singleElement().isEqualTo(0.0));
	}

	@Test
	void exposuresCountOnceHoweverOftenTheyAreRedelivered() {
		Http http = http();
		String category = unique("cat");
		String item = unique("item");
		oldItems(http, category, List.of(item));
		String user = unique("user");
		long at = Instant.parse("2026-03-02T09:30:00Z").toEpochMilli();
		Exposure exposure = new Exposure(1.0, 0.02, 0.05, 0.04, 0.5);
		// two showings and a click on the first (what the co-occurrence lift learns from)
		List<ExposureEffect> batch = List.of(new ExposureEffect(user, item, at, 1002, 7, 1, exposure),
				new ExposureEffect(user, item, at, 1002, 8, 1, exposure),
				new ExposureEffect(user, item, at, 1002, 9, 1, exposure, 1.0));
		double itemBefore = this.store.items(List.of(item)).get(item).exposure();
		double populationBefore = this.store.population().exposure();
		AffinityLift liftBefore = this.store.population().affinityLift();
		this.updates.applyExposures(batch);
		// the worker crashed before committing: the batch comes again, with one record
		// more,
		// a withdrawal
		List<ExposureEffect> redelivered = new ArrayList<>(batch);
		redelivered.add(new ExposureEffect(user, item, at, 1002, 10, -1, exposure));
		this.updates.applyExposures(redelivered);
		double hour = InterestClock.hourOfDay(Instant.ofEpochMilli(at), this.settings.zone());
		// user: 0.05 + 0.05 - 0.05; the raw user hash has no first-seen, so read the
		// field
		assertThat(this.store.user(user).known()).isFalse();
		assertThat(Double.parseDouble(this.redis.<String, String>opsForHash()
			.get("kairos:{u:" + user + "}", "y:" + category + ":" + UserFeatures.hourBlock(hour))))
			.isCloseTo(0.05, within(1e-12));
		assertThat(this.store.items(List.of(item)).get(item).exposure() - itemBefore).isCloseTo(0.02, within(1e-12));
		assertThat(this.store.population().exposure() - populationBefore).isCloseTo(1.0, within(1e-9));
		// the lift's sums: one showing's expectation net, and the click once
		AffinityLift lift = this.store.population().affinityLift();
		assertThat(lift.expected() - liftBefore.expected()).isCloseTo(0.04, within(1e-9));
		assertThat(lift.affinityExpected() - liftBefore.affinityExpected()).isCloseTo(0.02, within(1e-9));
		assertThat(lift.affinitySquaredExpected() - liftBefore.affinitySquaredExpected()).isCloseTo(0.01, within(1e-9));
		assertThat(lift.rewards() - liftBefore.rewards()).isCloseTo(1.0, within(1e-9));
		assertThat(lift.affinityRewards() - liftBefore.affinityRewards()).isCloseTo(0.5, within(1e-9));
	}

	@Test
	void theExposureAuditCountsShowingsAndClicksByCategoryAndAttribute() {
		Http http = http();
		String category = unique("audited");
		String provider = unique("provider");
		List<String> items = List.of(unique("a"), unique("b"));
		for (String item : items) {
			assertThat(http
				.put("/items/" + item,
						"{\"category\":\"" + category
								+ "\",\"createdAt\":\"2020-01-01T00:00:00Z\",\"attributes\":{\"provider\":\"" + provider
								+ "\"}}")
				.status()).isEqualTo(201);
		}
		String user = unique("user");
		String segment = unique("segment");
		// the user's events say their segment (their latest context)
		assertThat(http
			.post("/events",
					"{\"userId\":\"" + user + "\",\"itemId\":\"" + unique("elsewhere")
							+ "\",\"type\":\"view\",\"context\":{\"segment\":\"" + segment + "\"}}")
			.status()).isEqualTo(202);
		await().atMost(VISIBLE).until(() -> http.get("/users/" + user).status() == 200);
		JsonNode slate = http.get("/recommendations?userId=" + user + "&count=2&category=" + category).json();
		List<String> ids = itemIds(slate);
		assertThat(ids).hasSize(2);
		assertThat(http
			.post("/events",
					eventAt(user, ids.get(0), "click", Instant.now(), slate.get("recommendationId").asString()))
			.status()).isEqualTo(202);
		await().atMost(VISIBLE).untilAsserted(() -> {
			JsonNode dimensions = http.get("/admin/fairness").json().get("dimensions");
			JsonNode group = group(dimensions.get("category"), category);
			assertThat(group.get("shown").asDouble()).isEqualTo(2);
			assertThat(group.get("clicked").asDouble()).isEqualTo(1);
			assertThat(group.get("ctr").asDouble()).isEqualTo(0.5);
			assertThat(group(dimensions.get("item.provider"), provider).get("shown").asDouble()).isEqualTo(2);
			JsonNode users = group(dimensions.get("user.segment"), segment);
			assertThat(users.get("shown").asDouble()).isEqualTo(2);
			assertThat(users.get("ctr").asDouble()).isEqualTo(0.5);
			assertThat(dimensions.get("age").get("groups").valueStream().map((g) -> g.get("group").asString()))
				.contains("established");
		});
		this.fairnessMetrics.refresh();
		assertThat(this.meters.find(FairnessMetrics.SHARE).tags("dimension", "category", "group", category).gauge())
			.isNotNull()
			.satisfies((g) -> assertThat(g.value()).isPositive());
		assertThat(this.meters.find(FairnessMetrics.CTR).tags("dimension", "category", "group", category).gauge())
			.satisfies((g) -> assertThat(g.value()).isEqualTo(0.5));
	}

	private static JsonNode group(JsonNode dimension, String name) {
		assertThat(dimension).as("dimension").isNotNull();
		return dimension.get("groups")
			.valueStream()
			.filter((g) -> g.get("group").asString().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no group " + name + " in " + dimension));
	}

	private double joined(String slate) {
		return this.meters.get(KairosMetrics.IMPRESSIONS_JOINED).tag("slate", slate).counter().count();
	}

	@Test
	void aPoisonRecordGoesToTheDeadLetterTopicAndTheStreamGoesOn() {
		String user = unique("user");
		byte[] poison = "{not json".getBytes(StandardCharsets.UTF_8);
		this.kafka.send(this.properties.topics().events(), user, poison).join();
		Http http = http();
		assertThat(http.post("/events", event(user, unique("item"), "view")).status()).isEqualTo(202);
		await().atMost(VISIBLE)
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(http.get("/users/" + user).status()).isEqualTo(200));
		assertThat(http.get("/users/" + user).json().get("counts").get("view").asLong()).isEqualTo(1);

		try (Consumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
						unique("dlt-reader"), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(this.properties.topics().deadLetter()));
			List<String> keys = new ArrayList<>();
			await().atMost(VISIBLE).ignoreExceptions().untilAsserted(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach((r) -> keys.add(r.key()));
				assertThat(keys).contains(user);
			});
		}
	}

	@Test
	void theStoreDecaysExactlyAsTheCoreMathSays() {
		Http http = http();
		String user = unique("user");
		String item = unique("item");
		String category = unique("cat");
		http.put("/items/" + item, "{\"category\":\"" + category + "\"}");
		Instant clicked = Instant.parse("2026-02-01T08:00:00Z");
		Instant viewed = Instant.parse("2026-02-01T20:00:00Z");
		http.post("/events",
				"[{\"userId\":\"" + user + "\",\"itemId\":\"" + item + "\",\"type\":\"click\",\"timestamp\":\""
						+ clicked + "\"},{\"userId\":\"" + user + "\",\"itemId\":\"" + item
						+ "\",\"type\":\"view\",\"timestamp\":\"" + viewed + "\"}]");
		await().atMost(VISIBLE)
			.untilAsserted(() -> assertThat(this.store.user(user).count(EventType.VIEW)).isEqualTo(1));
		// interests (3 d half-life) and popularity (7 d) were summed in Lua; read back,
		// they match ForwardDecay
		long readAt = viewed.plus(Duration.ofDays(2)).toEpochMilli();
		double lua = this.settings.interest().valueAt(this.store.user(user).interestLogSums().get(category), readAt);
		double expected = 3 * Math.pow(0.5, (readAt - clicked.toEpochMilli()) / (72 * 3_600_000.0))
				+ 1 * Math.pow(0.5, (readAt - viewed.toEpochMilli()) / (72 * 3_600_000.0));
		assertThat(lua).isCloseTo(expected, within(expected * 1e-9));
		double popularity = this.settings.popularity()
			.valueAt(this.store.items(List.of(item)).get(item).popularityLogSum(), readAt);
		double expectedPopularity = 3 * Math.pow(0.5, (readAt - clicked.toEpochMilli()) / (168 * 3_600_000.0))
				+ 1 * Math.pow(0.5, (readAt - viewed.toEpochMilli()) / (168 * 3_600_000.0));
		assertThat(popularity).isCloseTo(expectedPopularity, within(expectedPopularity * 1e-9));
	}

	@Test
	void unknownUsersGetRecommendationsNot404() {
		Http http = http();
		String item = unique("item");
		http.put("/items/" + item, "{\"category\":\"" + unique("c") + "\"}");
		Http.Answer answer = http.get("/recommendations?userId=" + unique("stranger") + "&count=100");
		assertThat(answer.status()).isEqualTo(200);
		JsonNode items = answer.json().get("items");
		assertThat(items.size()).isPositive();
		items.forEach((i) -> {
			assertThat(i.get("reason").asString()).isIn("cold-start", "explore", "trending");
			assertThat(i.get("propensity").asDouble()).isBetween(0.0, 1.0);
		});
	}

	private static double hourOfDay(Instant t) {
		return (t.toEpochMilli() % 86_400_000L) / 3_600_000.0 % 24;
	}

}
