package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * Repeat consumption ("buy it again"): how often a user consumes again what they consumed
 * before, learned from the stream, and how many places of a slate it earns.
 *
 * <p>
 * <b>Counting.</b> An event that consumes an item (a click or a purchase; a skip is not a
 * consumption) is one <i>consumption</i>, and a <i>repeat</i> if the item is already
 * among the user's consumed items at another time ({@link Counts#of}). An event at the
 * very time the item was last consumed (a basket listing the same item on two lines)
 * counts nothing: it is the same consumption. The worker counts per user and for the
 * population with this rule ({@code user-events.lua} mirrors it), each event once.
 *
 * <p>
 * <b>The share.</b> The user's repeat share is smoothed towards the population's
 * ({@link #share}): {@code r̂ = (repeats + α·r_global) / (consumptions + α)}, a Beta
 * prior of strength α consumptions centred on the population's share
 * {@code r_global = repeats_global / consumptions_global} (0 before any consumption). A
 * new user gets the population's share; one with many consumptions their own.
 *
 * <p>
 * <b>The places.</b> With the rule on ({@link #learned}), a slate of {@code count} gives
 * {@code m = round(count · r̂)} places ({@link #places}) to the user's own consumed items
 * (never skipped ones), most recent first, at its top, each still recommendable and not
 * excluded ({@link #items}); the other places are ranked as without the rule. The
 * placement is deterministic (propensity 1). With {@code r̂ = 0} (nothing was ever
 * consumed twice) {@code m = 0} and the slate is exactly the one without the rule.
 *
 * @param learned whether repeat places are given (the setting {@code learned}); else
 * never
 * @param priorStrength α &gt; 0: how many consumptions of the user's own weigh as much as
 * the population's share
 */
public record RepeatConsumption(boolean learned, double priorStrength) {

	/**
	 * The default prior strength: a user's own share counts as much as the population's
	 * after five consumptions. Chosen a priori (a few baskets), not tuned on a data set.
	 */
	public static final double DEFAULT_PRIOR_STRENGTH = 5;

	/** Never gives repeat places: consumed items are never recommended. */
	public static final RepeatConsumption NEVER = new RepeatConsumption(false, DEFAULT_PRIOR_STRENGTH);

	public RepeatConsumption {
		if (!(priorStrength > 0) || Double.isInfinite(priorStrength)) {
			throw new IllegalArgumentException("priorStrength must be positive and finite: " + priorStrength);
		}
	}

	/**
	 * Consumptions and repeats, of one user or of everybody.
	 *
	 * @param consumptions the consuming events (clicks and purchases) counted
	 * @param repeats of them, those of an item consumed before
	 */
	public record Counts(long consumptions, long repeats) {

		/** Nothing counted. */
		public static final Counts NONE = new Counts(0, 0);

		/** One first consumption. */
		static final Counts FIRST = new Counts(1, 0);

		/** One repeat consumption. */
		static final Counts REPEAT = new Counts(1, 1);

		public Counts {
			if (consumptions < 0 || repeats < 0) {
				throw new IllegalArgumentException(
						"counts must not be negative: " + consumptions + " consumptions, " + repeats + " repeats");
			}
		}

		/**
		 * What one consuming event counts: {@link #NONE} if the item was last consumed at
		 * this very time (the same consumption), one repeat if it was consumed at another
		 * time, one first consumption if never.
		 * @param previousMillis when the user last consumed the item (as their consumed
		 * items keep it), {@code null} if never
		 * @param atMillis the event's time
		 */
		public static Counts of(Long previousMillis, long atMillis) {
			if (previousMillis == null) {
				return FIRST;
			}
			return (previousMillis == atMillis) ? NONE : REPEAT;
		}

		/** The sum. */
		public Counts plus(Counts other) {
			return new Counts(this.consumptions + other.consumptions, this.repeats + other.repeats);
		}

		/** The raw share of repeats, 0 before any consumption. */
		public double share() {
			return (this.consumptions == 0) ? 0 : Math.min(1, this.repeats / (double) this.consumptions);
		}

	}

	/**
	 * The user's smoothed repeat share, in [0, 1]:
	 * {@code (repeats + α·r_global) / (consumptions + α)}.
	 * @param user the user's counts
	 * @param population everybody's counts
	 */
	public double share(Counts user, Counts population) {
		double prior = population.share();
		double r = (Math.min(user.repeats(), user.consumptions()) + this.priorStrength * prior)
				/ (user.consumptions() + this.priorStrength);
		return Math.max(0, Math.min(1, r));
	}

	/**
	 * How many places of a slate of {@code count} go to the user's consumed items:
	 * {@code round(count · share)} if the rule is on, else 0.
	 */
	public int places(int count, Counts user, Counts population) {
		if (!this.learned || count <= 0) {
			return 0;
		}
		return places(count, share(user, population));
	}

	/** {@code round(count · share)}, in [0, count] (halves round up). */
	static int places(int count, double share) {
		return (int) Math.max(0, Math.min(count, Math.round(count * share)));
	}

	/**
	 * The items for the repeat places: the first {@code places} distinct items of the
	 * user's consumed ones, most recent first, that may be recommended.
	 * @param consumedRecentFirst the items the user clicked or bought (not skipped), most
	 * recent first
	 * @param places how many
	 * @param eligible whether an item may take a place (recommendable, not excluded, of
	 * the category asked)
	 */
	public static List<String> items(List<String> consumedRecentFirst, int places, Predicate<String> eligible) {
		LinkedHashSet<String> chosen = new LinkedHashSet<>();
		for (String id : consumedRecentFirst) {
			if (chosen.size() >= places) {
				break;
			}
			if (!chosen.contains(id) && eligible.test(id)) {
				chosen.add(id);
			}
		}
		return new ArrayList<>(chosen);
	}

}
