package dev.kairos.bench.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import dev.kairos.Http;
import tools.jackson.databind.JsonNode;

/**
 * A short burst of the {@link Simulator}'s traffic for tests that need a Kairos with some
 * history: the same {@link World} (time-of-day interests, item quality, position bias),
 * requests over HTTP and clicks drawn from the world's probabilities. Unlike the
 * simulator it also posts an impression event for every shown item, so that item
 * click-through rates have a denominator, and it covers the two days before now.
 */
public final class SimulatedTraffic {

	/**
	 * What the traffic did.
	 *
	 * @param clicksByUser clicks per user id, most first
	 * @param shownByItem impressions per item id, most first
	 * @param requests recommendation requests made
	 */
	public record Result(Map<String, Integer> clicksByUser, Map<String, Integer> shownByItem, int requests) {

		/** The user who clicked most. */
		public String busiestUser() {
			return this.clicksByUser.keySet().iterator().next();
		}

		/** The item shown most. */
		public String mostShownItem() {
			return this.shownByItem.keySet().iterator().next();
		}

		public int clicks() {
			return this.clicksByUser.values().stream().mapToInt(Integer::intValue).sum();
		}

	}

	private final Http http;

	private final String prefix;

	private final World world;

	private final int requests;

	private final SplittableRandom draw;

	private Duration pause = Duration.ZERO;

	/**
	 * @param http a client of the running Kairos
	 * @param prefix prepended to user and item ids (several runs against one instance)
	 * @param seed the world's seed
	 * @param requests recommendation requests to make
	 * @param users simulated users (few users means returning users with clocks)
	 * @param items items in the catalogue
	 * @param categories categories
	 */
	public SimulatedTraffic(Http http, String prefix, long seed, int requests, int users, int items, int categories) {
		this.http = http;
		this.prefix = prefix;
		this.requests = requests;
		this.world = new World(seed, categories, items, 0, users, requests, requests, 0);
		this.draw = new SplittableRandom(seed + 1);
	}

	/** Waits this long after each request and its events (default: none, flat out). */
	public SimulatedTraffic pacedBy(Duration pause) {
		this.pause = pause;
		return this;
	}

	/** Registers the catalogue (created a month ago). */
	public void registerItems() {
		Instant created = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		for (int i = 0; i < this.world.itemCount(); i++) {
			Http.Answer answer = this.http.put("/items/" + this.prefix + World.itemId(i),
					"{\"category\":\"" + this.world.itemCategory[i] + "\",\"createdAt\":\"" + created + "\"}");
			if (answer.status() != 200 && answer.status() != 201) {
				throw new IllegalStateException("PUT /items answered " + answer.status() + ": " + answer.body());
			}
		}
	}

	/**
	 * Makes the requests, spread evenly over the two days before now, and posts feedback.
	 */
	public Result run() {
		Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Instant start = end.minus(2, ChronoUnit.DAYS);
		long stepMillis = 2L * 24 * 3_600_000 / this.requests;
		Map<String, Integer> clicksByUser = new LinkedHashMap<>();
		Map<String, Integer> shownByItem = new LinkedHashMap<>();
		for (int r = 0; r < this.requests; r++) {
			Instant at = start.plusMillis(r * stepMillis);
			double hour = (at.toEpochMilli() % 86_400_000L) / 3_600_000.0;
			int user = this.draw.nextInt(this.world.users);
			String userId = this.prefix + World.userId(user);
			Http.Answer answer = withRetries(
					() -> this.http.get("/recommendations?userId=" + userId + "&count=" + World.SLOTS + "&at=" + at));
			if (answer.status() != 200) {
				throw new IllegalStateException(
						"GET /recommendations answered " + answer.status() + ": " + answer.body());
			}
			JsonNode body = answer.json();
			String recommendationId = body.get("recommendationId").asString();
			List<String> events = new ArrayList<>();
			JsonNode shown = body.get("items");
			for (int p = 0; p < shown.size(); p++) {
				String itemId = shown.get(p).get("itemId").asString();
				int item = World.itemIndex(itemId.substring(this.prefix.length()));
				shownByItem.merge(itemId, 1, Integer::sum);
				events.add(event(userId, itemId, "impression", recommendationId, at));
				if (this.draw.nextDouble() < this.world.attraction(user, item, hour, r) * World.positionBias(p)) {
					events.add(event(userId, itemId, "click", recommendationId, at.plusSeconds(5)));
					clicksByUser.merge(userId, 1, Integer::sum);
				}
			}
			String batch = "[" + String.join(",", events) + "]";
			Http.Answer posted = withRetries(() -> this.http.post("/events", batch));
			if (posted.status() != 202) {
				throw new IllegalStateException("POST /events answered " + posted.status() + ": " + posted.body());
			}
			pause();
		}
		return new Result(sorted(clicksByUser), sorted(shownByItem), this.requests);
	}

	/**
	 * Retries a call answered 503 (Kairos said: try again later, as it does when Redis is
	 * starved of CPU on a busy machine) a few times before giving up.
	 */
	private static Http.Answer withRetries(Supplier<Http.Answer> call) {
		Http.Answer answer = call.get();
		for (int attempt = 1; attempt <= 5 && answer.status() == 503; attempt++) {
			sleep(200L * attempt);
			answer = call.get();
		}
		return answer;
	}

	private void pause() {
		if (!this.pause.isZero()) {
			sleep(this.pause.toMillis());
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String event(String user, String item, String type, String recommendationId, Instant at) {
		return "{\"userId\":\"" + user + "\",\"itemId\":\"" + item + "\",\"type\":\"" + type
				+ "\",\"recommendationId\":\"" + recommendationId + "\",\"timestamp\":\"" + at + "\"}";
	}

	private static Map<String, Integer> sorted(Map<String, Integer> counts) {
		Map<String, Integer> sorted = new LinkedHashMap<>();
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.forEach((e) -> sorted.put(e.getKey(), e.getValue()));
		return sorted;
	}

}
