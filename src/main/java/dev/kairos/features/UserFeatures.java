package dev.kairos.features;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.ranking.ConsumedItems;
import dev.kairos.core.ranking.RepeatConsumption;
import dev.kairos.core.ranking.UserState;
import dev.kairos.events.EventType;

/**
 * What the feature store knows of a user.
 *
 * @param userId the user
 * @param counts events by type
 * @param interestLogSums per category, the decayed interest as a forward-decay log-sum
 * (read with {@link FeatureSettings#interest()})
 * @param recentItems items the user viewed, clicked or bought, most recent first
 * @param consumed items the user clicked, bought or skipped (not recommended to them
 * again), and of those the clicked or bought ones not skipped, most recent first (what
 * repeat places are given to)
 * @param firstSeen time of their earliest event, or {@code null} for an unknown user
 * @param lastSeen time of their latest event, or {@code null}
 * @param clock their Interest Clock, or {@code null} if they have none yet
 * @param blockClicks clicks and purchases by {@code "category:block"}, the block being
 * the hour of day divided by {@value #HOURS_PER_BLOCK} (see {@link #hourBlock}): with
 * {@code clockExposures}, what the Interest Clock's lift is estimated from
 * @param clockExposures the user's exposure by {@code "category:block"}: the clicks the
 * population would have made on the impressions shown to the user
 * ({@link dev.kairos.core.ranking.Exposure})
 * @param context the context of the user's latest event that had one, empty if none
 * @param repeatCounts the user's consumptions and repeat consumptions
 * ({@link RepeatConsumption})
 */
public record UserFeatures(String userId, Map<EventType, Long> counts, Map<String, Double> interestLogSums,
		List<String> recentItems, ConsumedItems consumed, Instant firstSeen, Instant lastSeen, InterestClock clock,
		Map<String, Long> blockClicks, Map<String, Double> clockExposures, Map<String, String> context,
		RepeatConsumption.Counts repeatCounts) {

	/** A user without what repeat consumption reads. */
	public UserFeatures(String userId, Map<EventType, Long> counts, Map<String, Double> interestLogSums,
			List<String> recentItems, Set<String> consumedItems, Instant firstSeen, Instant lastSeen,
			InterestClock clock, Map<String, Long> blockClicks, Map<String, Double> clockExposures,
			Map<String, String> context) {
		this(userId, counts, interestLogSums, recentItems, ConsumedItems.of(Set.copyOf(consumedItems)), firstSeen,
				lastSeen, clock, blockClicks, clockExposures, context, RepeatConsumption.Counts.NONE);
	}

	/** A user without a known context. */
	public UserFeatures(String userId, Map<EventType, Long> counts, Map<String, Double> interestLogSums,
			List<String> recentItems, Set<String> consumedItems, Instant firstSeen, Instant lastSeen,
			InterestClock clock, Map<String, Long> blockClicks, Map<String, Double> clockExposures) {
		this(userId, counts, interestLogSums, recentItems, consumedItems, firstSeen, lastSeen, clock, blockClicks,
				clockExposures, Map.of());
	}

	/**
	 * Hours of the day per exposure block: four blocks (night, morning, afternoon,
	 * evening).
	 */
	public static final int HOURS_PER_BLOCK = UserState.HOURS_PER_BLOCK;

	/** The exposure block of an hour of day ({@link UserState#hourBlock}). */
	public static int hourBlock(double hourOfDay) {
		return UserState.hourBlock(hourOfDay);
	}

	/**
	 * The user's exposure to a category in the block of an hour of day (what the Interest
	 * Clock's lift measures their clicks against).
	 */
	public double clockExposure(String category, double hourOfDay) {
		return this.clockExposures.getOrDefault(category + ":" + hourBlock(hourOfDay), 0.0);
	}

	/** Clicks and purchases of a category's items in the block of an hour of day. */
	public long blockClicks(String category, double hourOfDay) {
		return this.blockClicks.getOrDefault(category + ":" + hourBlock(hourOfDay), 0L);
	}

	public UserFeatures {
		counts = Map.copyOf(counts);
		interestLogSums = Map.copyOf(interestLogSums);
		recentItems = List.copyOf(recentItems);
		consumed = (consumed != null) ? consumed : ConsumedItems.NONE;
		blockClicks = Map.copyOf(blockClicks);
		clockExposures = Map.copyOf(clockExposures);
		context = (context != null) ? Map.copyOf(context) : Map.of();
		repeatCounts = (repeatCounts != null) ? repeatCounts : RepeatConsumption.Counts.NONE;
	}

	/** A user with no events. */
	public static UserFeatures unknown(String userId) {
		return new UserFeatures(userId, Map.of(), Map.of(), List.of(), Set.of(), null, null, null, Map.of(), Map.of());
	}

	/** The items the user clicked, bought or skipped, as a new set. */
	public Set<String> consumedItems() {
		return this.consumed.toSet();
	}

	/**
	 * The items the user clicked or bought and did not skip, most recent first (what
	 * repeat places are given to).
	 */
	public List<String> consumedRecentFirst() {
		return this.consumed.repeatable();
	}

	/** Whether any event of this user was processed. */
	public boolean known() {
		return this.firstSeen != null;
	}

	public long count(EventType type) {
		return this.counts.getOrDefault(type, 0L);
	}

}
