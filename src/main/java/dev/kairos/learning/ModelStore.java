package dev.kairos.learning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.kairos.core.eval.HoldoutGuard;
import dev.kairos.core.linalg.LinearStatistics;

/**
 * The shared model's state, and the pending impressions rewards are joined to. Every
 * update is an additive delta applied atomically with the check that makes it happen
 * once, so any number of workers can learn into one model without losing or repeating an
 * update.
 */
public interface ModelStore extends ModelReader {

	/**
	 * Remembers a served slate until its attribution window ends, so that feedback can be
	 * joined to it.
	 */
	void remember(Impression impression, Duration attributionWindow);

	/**
	 * Credits feedback to the impression it answers: the first feedback on a shown item
	 * adds its observation {@code (x, r)} to the model, later and higher feedback only
	 * raises its reward (so a view then a click counts as one observation of reward 1).
	 * Feedback on an item that was not shown, or after its window, changes nothing.
	 * @param userId the user
	 * @param itemId the item
	 * @param recommendationId the recommendation the client named, or {@code null} to
	 * join by user and item to the latest slate that showed the item
	 * @param reward the reward, finite
	 * @return whether the model changed
	 */
	boolean reward(String userId, String itemId, String recommendationId, double reward);

	/**
	 * One piece of feedback, as {@link #reward} takes it.
	 *
	 * @param userId the user
	 * @param itemId the item
	 * @param recommendationId the recommendation the client named, or {@code null}
	 * @param reward the reward, finite
	 */
	record Feedback(String userId, String itemId, String recommendationId, double reward) {
	}

	/**
	 * Credits a batch of feedback, in order, with the effect of {@link #reward} called
	 * for each in turn (a store may send them together).
	 * @return per feedback, whether the model changed
	 */
	default List<Boolean> rewards(List<Feedback> feedback) {
		List<Boolean> changed = new ArrayList<>(feedback.size());
		for (Feedback f : feedback) {
			changed.add(reward(f.userId(), f.itemId(), f.recommendationId(), f.reward()));
		}
		return changed;
	}

	/**
	 * Closes the impressions whose window has ended: items shown without any feedback are
	 * learned with reward 0.
	 * @param nowMillis the current time
	 * @param limit most impressions closed in one call
	 * @return how many impressions were closed
	 */
	int closeExpired(long nowMillis, int limit);

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
