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
 * @param consumedItems the items the user clicked, bought or skipped: never recommended
 * to them
 * @param clock their Interest Clock, or {@code null}
 * @param blockClicks clicks and purchases by {@code "category:block"}
 * ({@link #hourBlock})
 * @param clockExposures exposure by {@code "category:block"}
 */
public record UserState(boolean known, long events, long clicks, long impressions, Map<String, Double> interestLogSums,
		List<String> recentItems, Set<String> consumedItems, InterestClock clock, Map<String, Long> blockClicks,
		Map<String, Double> clockExposures) {

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

	/** Whether the user's clock holds no event. */
	public boolean clockEmpty() {
		return this.clock == null || this.clock.events() == 0;
	}

}
