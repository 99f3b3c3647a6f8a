package dev.kairos.bench.eval;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A recommender under evaluation, as a client sees one: it is told the catalogue, asked
 * for a slate for a user at a time, and sent the client's feedback events with their
 * timestamps. Everything a learner knows comes through these calls, in event time order,
 * so the same learner can be an in-process baseline, Kairos over HTTP or (later) an
 * in-process Kairos engine.
 */
public interface Learner extends AutoCloseable {

	/** The name in the results table. */
	String name();

	/** Items entering the catalogue (the initial catalogue, then as they arrive). */
	void addItems(List<Item> items);

	/**
	 * A slate of at most {@code request.count()} distinct catalogue items, best first.
	 */
	Slate recommend(Request request);

	/** The client's feedback, in time order. */
	void observe(List<Event> events);

	/** Releases what the learner holds (a process, a native model). */
	@Override
	default void close() {
	}

	/** A catalogue item: its categories (free text) and when it was created. */
	record Item(String itemId, List<String> categories, Instant createdAt) {

		/** The first category, or {@code ""} if it has none. */
		public String category() {
			return this.categories.isEmpty() ? "" : this.categories.get(0);
		}

	}

	/** A recommendation request: the user, the request time ({@code at}), the size. */
	record Request(String userId, Instant at, int count, Map<String, String> context) {

		public Request(String userId, Instant at, int count) {
			this(userId, at, count, Map.of());
		}

		/** The hour of day (UTC) of the request, in [0, 24). */
		public double hourOfDay() {
			return hourOfDay(this.at);
		}

		public static double hourOfDay(Instant at) {
			return Math.floorMod(at.toEpochMilli(), 86_400_000L) / 3_600_000.0;
		}

	}

	/** A served slate and the id feedback refers to. */
	record Slate(String recommendationId, List<String> itemIds) {
	}

	/** Feedback types, as {@code POST /events} names them. */
	enum EventType {

		IMPRESSION, VIEW, CLICK, PURCHASE, SKIP;

		public String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** Whether the user took the item (click or purchase). */
		public boolean consumes() {
			return this == CLICK || this == PURCHASE;
		}

	}

	/**
	 * One feedback event; {@code recommendationId} is null for activity outside a
	 * recommendation (organic views, replayed purchases).
	 */
	record Event(String userId, String itemId, EventType type, Instant timestamp, String recommendationId) {
	}

}
