package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A non-learning ranking of candidates by a weighted blend of decayed popularity,
 * trending score, the user's decayed interest in the candidate's category and a bonus for
 * new items. It is the baseline the learning policies are measured against, and what a
 * user with no history sees.
 *
 * <p>
 * Each signal {@code x} is scaled to [0, 1] as {@code ln(1 + x) / ln(1 + max(m, floor))},
 * where {@code m} is its largest value among the candidates: the logarithm keeps a very
 * popular item from drowning every other signal, the maximum keeps weights comparable
 * whatever the traffic level, and the floor keeps a signal that has decayed to almost
 * nothing from being blown up to 1. Because the scale is not linear, the blend depends on
 * the request time: a burst of activity counts while it is recent. Ties break on item id.
 *
 * @param popularityWeight weight of decayed popularity
 * @param trendingWeight weight of the trending score
 * @param interestWeight weight of the user's interest in the item's category (0 for users
 * with no history)
 * @param newItemBonus added to new items, so the catalogue keeps being explored
 * @param floor the smallest maximum a signal is scaled by, in event weights (a purchase
 * weighs 5 by default)
 */
public record PopularityBlend(double popularityWeight, double trendingWeight, double interestWeight,
		double newItemBonus, double floor) {

	/**
	 * The defaults: popularity and trend for everybody, personal interest first for known
	 * users.
	 */
	public static final PopularityBlend DEFAULT = new PopularityBlend(0.25, 0.25, 0.5, 0.1, 5);

	public PopularityBlend {
		for (double w : new double[] { popularityWeight, trendingWeight, interestWeight, newItemBonus, floor }) {
			if (!(w >= 0) || Double.isInfinite(w)) {
				throw new IllegalArgumentException("weights and floor must be non-negative and finite");
			}
		}
	}

	/** Why an item ranks where it does: the signal that contributed most. */
	public enum Reason {

		/** The user's own interest. */
		INTEREST,
		/** Popular or trending. */
		TRENDING,
		/** A new item getting exposure. */
		NEW_ITEM

	}

	/**
	 * One candidate's signals at the request time.
	 *
	 * @param id item id
	 * @param popularity decayed popularity, ≥ 0
	 * @param trending decayed trending score, ≥ 0
	 * @param interest the user's decayed interest in the item's category, ≥ 0
	 * @param isNew whether the item is new
	 */
	public record Candidate(String id, double popularity, double trending, double interest, boolean isNew) {
	}

	/**
	 * A ranked candidate.
	 *
	 * @param id item id
	 * @param score the blend, in [0, sum of weights]
	 * @param reason the largest contribution
	 */
	public record Ranked(String id, double score, Reason reason) {
	}

	/**
	 * Ranks candidates, best first.
	 * @param candidates distinct candidates
	 * @param count how many to return
	 */
	public List<Ranked> rank(List<Candidate> candidates, int count) {
		List<Ranked> ranked = score(candidates);
		ranked.sort(Comparator.comparingDouble(Ranked::score).reversed().thenComparing(Ranked::id));
		return ranked.subList(0, Math.min(count, ranked.size()));
	}

	/**
	 * Scores candidates, in their order (what {@link #rank} sorts): for a caller that
	 * reads each candidate's score rather than the order.
	 * @param candidates distinct candidates
	 */
	public List<Ranked> score(List<Candidate> candidates) {
		double maxPopularity = 0;
		double maxTrending = 0;
		double maxInterest = 0;
		for (Candidate c : candidates) {
			maxPopularity = Math.max(maxPopularity, c.popularity());
			maxTrending = Math.max(maxTrending, c.trending());
			maxInterest = Math.max(maxInterest, c.interest());
		}
		List<Ranked> ranked = new ArrayList<>(candidates.size());
		for (Candidate c : candidates) {
			double popularity = this.popularityWeight * scaled(c.popularity(), maxPopularity);
			double trending = this.trendingWeight * scaled(c.trending(), maxTrending);
			double interest = this.interestWeight * scaled(c.interest(), maxInterest);
			double fresh = c.isNew() ? this.newItemBonus : 0;
			Reason reason = Reason.TRENDING;
			double top = popularity + trending;
			if (interest > top) {
				reason = Reason.INTEREST;
				top = interest;
			}
			if (fresh > top) {
				reason = Reason.NEW_ITEM;
			}
			ranked.add(new Ranked(c.id(), popularity + trending + interest + fresh, reason));
		}
		return ranked;
	}

	private double scaled(double value, double max) {
		return LogScale.scaled(value, max, this.floor);
	}

}
