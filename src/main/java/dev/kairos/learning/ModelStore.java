package dev.kairos.learning;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kairos.core.eval.HoldoutGuard;
import dev.kairos.core.linalg.LinearStatistics;

/**
 * The shared model's state. Every update is an additive delta applied atomically with the
 * check that makes it happen once (the offset of the batch it sums), so any number of
 * workers can learn into one model without losing or repeating an update.
 */
public interface ModelStore extends ModelReader {

	/**
	 * The offset of the observations log merged last, per partition ({@code -1} for
	 * none).
	 */
	Map<Integer, Long> mergedOffsets(Collection<Integer> partitions);

	/**
	 * Merges a batch's delta in one atomic step, if the stored offset of the partition is
	 * still {@code after}; the stored offset becomes {@code last}. The statistics change
	 * only while learning is not frozen (and the version moves when they do); the counts
	 * and held-out items are kept either way.
	 * @param partition the partition of the observations log
	 * @param after the offset the batch follows (as {@link #mergedOffsets} gave it)
	 * @param last the batch's last offset
	 * @param delta the batch's sum
	 * @return {@code false} if the stored offset moved (nothing merged)
	 */
	boolean merge(int partition, long after, long last, ModelDelta delta);

	/**
	 * What a policy served and what was clicked: items shown, and items whose first
	 * feedback had a positive reward.
	 *
	 * @param shown items shown in its slates
	 * @param clicked of those, items with positive feedback
	 */
	record PolicyCounts(long shown, long clicked) {
	}

	/** The counts of a policy, zero for one that never served. */
	PolicyCounts counts(String policy);

	/** Freezes or resumes learning: while frozen, no update is applied. */
	void freeze(boolean frozen);

	/** Saves the current statistics as a snapshot named by the current version. */
	long snapshot();

	/** The versions of the saved snapshots, newest first. */
	List<Long> snapshots();

	/**
	 * Restores a snapshot as the current model; the version moves forward (serving
	 * reloads).
	 * @return {@code false} if there is no such snapshot
	 */
	boolean rollback(long snapshotVersion);

	/**
	 * The statistics saved in a snapshot.
	 * @return empty if there is no such snapshot
	 */
	Optional<LinearStatistics> snapshotStatistics(long snapshotVersion);

	/**
	 * Decays the model's evidence for drift: every statistic is multiplied by
	 * {@code 0.5^(elapsed / halfLife)}, elapsed being the time since the last decay by
	 * any process (none on the first call, none while frozen).
	 * @param nowMillis the current time
	 * @param halfLife the half-life, positive
	 * @param minInterval the shortest time between two decays
	 * @return the factor applied, 1 if none
	 */
	double decay(long nowMillis, Duration halfLife, Duration minInterval);

	/**
	 * Forgets the model's evidence at once, for a drift's {@code reset} response: A and b
	 * become zero (the model is its prior), the count of rewards stays, whatever the time
	 * since the last decay; the decay's clock restarts at {@code nowMillis} and the
	 * version moves. Nothing changes while learning is frozen.
	 * @param nowMillis the current time
	 * @return {@code false} if learning is frozen and nothing was reset
	 */
	boolean reset(long nowMillis);

	/**
	 * Decays {@code discounted-linucb}'s statistics as {@link #decay} does the shared
	 * model's, with their own (shorter) half-life and clock.
	 * @return the factor applied, 1 if none
	 */
	default double decayDiscounted(long nowMillis, Duration halfLife, Duration minInterval) {
		return 1;
	}

	/**
	 * The newest held-out observations: the items of held-out slates, with their feature
	 * vectors and the reward they finally got (0 without feedback).
	 * @param limit most observations returned
	 */
	List<HoldoutGuard.Observation> heldOut(int limit);

	/** Remembers the learning guard's last check, for every process to read. */
	void guardCheck(GuardCheck check);

	/** The learning guard's last check, empty before its first. */
	Optional<GuardCheck> guardCheck();

}
