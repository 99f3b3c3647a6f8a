package dev.kairos.features;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.events.EventType;

/**
 * What the feature store knows of a user.
 *
 * @param userId the user
 * @param counts events by type
 * @param interestLogSums per category, the decayed interest as a forward-decay log-sum
 * (read with {@link FeatureSettings#interest()})
 * @param recentItems items the user viewed, clicked or bought, most recent first
 * @param consumedItems items the user clicked or bought (not recommended to them again)
 * @param firstSeen time of their earliest event, or {@code null} for an unknown user
 * @param lastSeen time of their latest event, or {@code null}
 * @param clock their Interest Clock, or {@code null} if they have none yet
 */
public record UserFeatures(String userId, Map<EventType, Long> counts, Map<String, Double> interestLogSums,
		List<String> recentItems, Set<String> consumedItems, Instant firstSeen, Instant lastSeen, InterestClock clock) {

	public UserFeatures {
		counts = Map.copyOf(counts);
		interestLogSums = Map.copyOf(interestLogSums);
		recentItems = List.copyOf(recentItems);
		consumedItems = Set.copyOf(consumedItems);
	}

	/** A user with no events. */
	public static UserFeatures unknown(String userId) {
		return new UserFeatures(userId, Map.of(), Map.of(), List.of(), Set.of(), null, null, null);
	}

	/** Whether any event of this user was processed. */
	public boolean known() {
		return this.firstSeen != null;
	}

	public long count(EventType type) {
		return this.counts.getOrDefault(type, 0L);
	}

}
