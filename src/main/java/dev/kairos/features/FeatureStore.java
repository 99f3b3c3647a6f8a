package dev.kairos.features;

import dev.kairos.core.ranking.AffinityLift;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.ranking.CoOccurrences;
import dev.kairos.core.ranking.RepeatConsumption;

/**
 * The feature store: user and item features, and the ranked lists candidates come from.
 * Reads that serve a request are batched: each method is one round trip, whatever the
 * number of ids or lists.
 */
public interface FeatureStore {

	/**
	 * Applies events, each at most once: an effect whose partition offset was applied
	 * already, or whose client event id was seen within the deduplication window, changes
	 * nothing. Interest Clocks (the user's and the global one) move with the events
	 * applied now.
	 * @param effects effects in log order per partition
	 * @return per effect, what became of it
	 */
	List<Outcome> apply(List<EventEffect> effects);

	/**
	 * Applies showings of items to the exposures, each at most once (by its partition and
	 * offset), in order: the items', the users' and the population's.
	 */
	void applyExposures(List<ExposureEffect> effects);

	/** What applying an effect did. */
	enum Outcome {

		/** Applied now. */
		APPLIED,
		/** Applied before: the record was redelivered. */
		REPLAYED,
		/** A duplicate of another event (same client event id): not applied. */
		DUPLICATE;

		/** Not a duplicate: the event happened once (now or before). */
		public boolean genuine() {
			return this != DUPLICATE;
		}

	}

	/**
	 * The global Interest Clock (all users' events), the prior of users with little
	 * history.
	 */
	InterestClock globalClock(long nowMillis);

	/**
	 * Clicks and position-discounted impressions of all users
	 * ({@link dev.kairos.core.ranking.Exposure#discount}): the counts of the base rate
	 * items' and users' rates are relative to. Counted as events are applied; a worker
	 * that crashes between an event's features and these counts loses its share, never
	 * counts it twice.
	 */
	Population population();

	/**
	 * The population's counts.
	 *
	 * @param clicks the clicks
	 * @param exposure the position-discounted impressions
	 * @param affinityLift the served items' expectations, affinities and rewards the
	 * co-occurrence lift is learned from
	 * @param repeats the consumptions and repeat consumptions of all users
	 * ({@link RepeatConsumption})
	 */
	record Population(long clicks, double exposure, AffinityLift affinityLift, RepeatConsumption.Counts repeats) {

		public Population {
			repeats = (repeats != null) ? repeats : RepeatConsumption.Counts.NONE;
		}

		/** Counts without repeat consumption's. */
		public Population(long clicks, double exposure, AffinityLift affinityLift) {
			this(clicks, exposure, affinityLift, RepeatConsumption.Counts.NONE);
		}

		/** Counts without the co-occurrence lift's sums. */
		public Population(long clicks, double exposure) {
			this(clicks, exposure, AffinityLift.NONE);
		}

	}

	/** A user's features; {@link UserFeatures#unknown} for a user with no events. */
	UserFeatures user(String userId);

	/** Features of several items; unknown ids map to {@link ItemFeatures#unknown}. */
	Map<String, ItemFeatures> items(Collection<String> itemIds);

	/** The first {@code limit} items of each list, best first. */
	Map<RankedList, List<String>> top(Collection<RankedList> lists, int limit);

	/**
	 * An item's strongest partners by decayed co-occurrence, strongest first: partner →
	 * co-occurrence log-sum (forward-decayed with the popularity's half-life, as the
	 * items' popularity log-sums are; {@code ItemCoOccurrence}).
	 */
	Map<String, Double> coOccurrences(String itemId, int limit);

	/**
	 * Several items' strongest partners with their co-occurrence log-sums, in one round
	 * trip; items with none are left out.
	 */
	default Map<String, CoOccurrences> coOccurrences(Collection<String> itemIds, int limit) {
		Map<String, CoOccurrences> all = new java.util.LinkedHashMap<>();
		for (String id : itemIds) {
			Map<String, Double> partners = coOccurrences(id, limit);
			if (!partners.isEmpty()) {
				all.put(id, new CoOccurrences(List.copyOf(partners.keySet()),
						partners.values().stream().mapToDouble(Double::doubleValue).toArray()));
			}
		}
		return all;
	}

	/**
	 * The users whose Interest Clocks hold the most of a category (their positive
	 * preference summed over the day, as of their latest event), most first.
	 * @param category the category
	 * @param limit most users returned
	 */
	List<String> fans(String category, int limit);

	/**
	 * A number that changes whenever the catalogue does (an item created, updated or
	 * retired), moved after the change is stored: a reader that caches items and sees the
	 * number unchanged may trust what it cached before.
	 */
	long catalogueVersion();

}
