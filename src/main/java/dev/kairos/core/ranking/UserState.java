package dev.kairos.core.ranking;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kairos.core.interestclock.InterestClock;

/**
 * What the ranking reads of one user (in the service, one Redis round trip).
 *
 * @param known whether any event of the user was processed
 * @param events how many events the user has
 * @param clicks the user's clicks
 * @param impressions the user's impressions
 * @param interestLogSums per category, the decayed interest as a forward-decay log-sum
 * @param recentItems the items the user viewed, clicked or bought lately, most recent
 * first
 * @param consumed the items the user clicked, bought or skipped: never recommended to
 * them, but for the repeat places of the clicked or bought ones not skipped
 * ({@link ConsumedItems#repeatable()}, {@link RepeatConsumption})
 * @param clock their Interest Clock, or {@code null}
 * @param blockClicks clicks and purchases by {@code "category:block"}
 * ({@link #hourBlock})
 * @param clockExposures exposure by {@code "category:block"}
 * @param repeatCounts the user's consumptions and repeat consumptions
 */
public record UserState(boolean known, long events, long clicks, long impressions, Map<String, Double> interestLogSums,
		List<String> recentItems, ConsumedItems consumed, InterestClock clock, Map<String, Long> blockClicks,
		Map<String, Double> clockExposures, RepeatConsumption.Counts repeatCounts) {

	public UserState {
		consumed = (consumed != null) ? consumed : ConsumedItems.NONE;
		repeatCounts = (repeatCounts != null) ? repeatCounts : RepeatConsumption.Counts.NONE;
	}

	/**
	 * A user state from a set of consumed items (skipped included) and the clicked or
	 * bought ones that may be repeated, most recent first (skipped ones left out).
	 */
	public UserState(boolean known, long events, long clicks, long impressions, Map<String, Double> interestLogSums,
			List<String> recentItems, Set<String> consumedItems, InterestClock clock, Map<String, Long> blockClicks,
			Map<String, Double> clockExposures, List<String> consumedRecentFirst,
			RepeatConsumption.Counts repeatCounts) {
		this(known, events, clicks, impressions, interestLogSums, recentItems,
				ConsumedItems.of((consumedRecentFirst != null) ? consumedRecentFirst : List.of(), List.of())
					.with(consumedItems),
				clock, blockClicks, clockExposures, repeatCounts);
	}

	/** A user state without what repeat consumption reads (none consumed again). */
	public UserState(boolean known, long events, long clicks, long impressions, Map<String, Double> interestLogSums,
			List<String> recentItems, Set<String> consumedItems, InterestClock clock, Map<String, Long> blockClicks,
			Map<String, Double> clockExposures) {
		this(known, events, clicks, impressions, interestLogSums, recentItems, ConsumedItems.of(consumedItems), clock,
				blockClicks, clockExposures, RepeatConsumption.Counts.NONE);
	}

	/** The items the user clicked, bought or skipped, as a new set. */
	public Set<String> consumedItems() {
		return this.consumed.toSet();
	}

	/**
	 * The items the user clicked or bought and did not skip, most recent first: what
	 * repeat places are given to ({@link RepeatConsumption}).
	 */
	public List<String> consumedRecentFirst() {
		return this.consumed.repeatable();
	}

	/**
	 * Hours of the day per exposure block: four blocks (night, morning, afternoon,
	 * evening).
	 */
	public static final int HOURS_PER_BLOCK = 6;

	/** The exposure block of an hour of day. */
	public static int hourBlock(double hourOfDay) {
		return Math.min(24 / HOURS_PER_BLOCK - 1, Math.max(0, (int) (hourOfDay / HOURS_PER_BLOCK)));
	}

	/** The user's exposure to a category in the block of an hour of day. */
	public double clockExposure(String category, double hourOfDay) {
		return this.clockExposures.getOrDefault(category + ":" + hourBlock(hourOfDay), 0.0);
	}

	/** Clicks and purchases of a category's items in the block of an hour of day. */
	public long blockClicks(String category, double hourOfDay) {
		return this.blockClicks.getOrDefault(category + ":" + hourBlock(hourOfDay), 0L);
	}

	/**
	 * The clicks and exposures of every category in the block of one hour of day, read
	 * once per request rather than once per candidate.
	 */
	public BlockTallies tallies(double hourOfDay) {
		String suffix = ":" + hourBlock(hourOfDay);
		Map<String, Double> clicks = new java.util.HashMap<>();
		this.blockClicks.forEach((key, n) -> {
			if (key.endsWith(suffix)) {
				clicks.put(key.substring(0, key.length() - suffix.length()), (double) n);
			}
		});
		Map<String, Double> exposures = new java.util.HashMap<>();
		this.clockExposures.forEach((key, e) -> {
			if (key.endsWith(suffix)) {
				exposures.put(key.substring(0, key.length() - suffix.length()), e);
			}
		});
		return new BlockTallies(clicks, exposures);
	}

	/**
	 * The clicks and exposures of every category at an hour of day, read smoothly: each
	 * block's tallies weighted by a circular Gaussian kernel of width {@code sigmaHours}
	 * around the hour, at the block's centre ({@code exp(−d²/2σ²)}, d the hours between
	 * them on the clock), so that an hour near the end of a block also reads the next
	 * one, and an hour at a block's centre reads its own block at weight 1 and its
	 * neighbours a little. {@code sigmaHours} 0 reads the hour's block alone, as
	 * {@link #tallies(double)}.
	 */
	public BlockTallies tallies(double hourOfDay, double sigmaHours) {
		if (!(sigmaHours > 0)) {
			return tallies(hourOfDay);
		}
		int blocks = 24 / HOURS_PER_BLOCK;
		double[] weights = new double[blocks];
		for (int b = 0; b < blocks; b++) {
			double centre = (b + 0.5) * HOURS_PER_BLOCK;
			double d = Math.abs(hourOfDay - centre) % 24;
			d = Math.min(d, 24 - d);
			weights[b] = Math.exp(-d * d / (2 * sigmaHours * sigmaHours));
		}
		Map<String, Double> clicks = new java.util.HashMap<>();
		this.blockClicks.forEach((key, n) -> {
			int colon = key.lastIndexOf(':');
			int b = block(key, colon);
			if (b >= 0) {
				clicks.merge(key.substring(0, colon), n * weights[b], Double::sum);
			}
		});
		Map<String, Double> exposures = new java.util.HashMap<>();
		this.clockExposures.forEach((key, e) -> {
			int colon = key.lastIndexOf(':');
			int b = block(key, colon);
			if (b >= 0) {
				exposures.merge(key.substring(0, colon), e * weights[b], Double::sum);
			}
		});
		return new BlockTallies(clicks, exposures);
	}

	private static int block(String key, int colon) {
		if (colon < 0 || colon == key.length() - 1) {
			return -1;
		}
		char c = key.charAt(colon + 1);
		int b = c - '0';
		return (colon == key.length() - 2 && b >= 0 && b < 24 / HOURS_PER_BLOCK) ? b : -1;
	}

	/**
	 * A user's clicks and exposure per category in one block of hours (or read smoothly
	 * around an hour, with fractional clicks).
	 *
	 * @param clicks category to clicks and purchases
	 * @param exposures category to exposure
	 */
	public record BlockTallies(Map<String, Double> clicks, Map<String, Double> exposures) {

		/** The clicks of a category. */
		public double clicks(String category) {
			// get, not getOrDefault(category, 0.0): the default would be boxed on every
			// call
			Double clicks = this.clicks.get(category);
			return (clicks != null) ? clicks : 0.0;
		}

		/** The exposure of a category. */
		public double exposure(String category) {
			Double exposure = this.exposures.get(category);
			return (exposure != null) ? exposure : 0.0;
		}

	}

	/** Whether the user's clock holds no event. */
	public boolean clockEmpty() {
		return this.clock == null || this.clock.events() == 0;
	}

}
