package dev.kairos.learning;

import java.time.Duration;

import dev.kairos.core.learn.MurmurHash3;
import dev.kairos.events.EventType;

/**
 * How feedback becomes reward, and how the model learns.
 *
 * @param policy the ranking policy: {@code linucb}, {@code linear-thompson} or
 * {@code popularity} (no learning)
 * @param alpha LinUCB's exploration strength (linear Thompson's posterior scale)
 * @param lambda the ridge regulariser
 * @param attributionWindow how long a slate waits for feedback before its unclicked items
 * are learned with reward 0
 * @param clickReward reward of a click
 * @param purchaseReward reward of a purchase
 * @param viewReward reward of a view
 * @param skipReward reward of a skip (an explicit negative)
 * @param refreshInterval how often serving checks the model version
 * @param holdoutShare the share of slates whose feedback is kept out of the model, to
 * judge it by, in [0, 1)
 */
public record LearningSettings(String policy, double alpha, double lambda, Duration attributionWindow,
		double clickReward, double purchaseReward, double viewReward, double skipReward, Duration refreshInterval,
		double holdoutShare) {

	/**
	 * Whether a slate is held out: decided by a hash of its recommendation id, so that
	 * every process agrees and about {@code holdoutShare} of slates are.
	 */
	public boolean holdsOut(String recommendationId) {
		long bucket = Integer.toUnsignedLong(MurmurHash3.hash32("holdout:" + recommendationId, 0));
		return bucket < this.holdoutShare * (1L << 32);
	}

	/**
	 * The reward of an event, or {@code null} for impressions (which are not feedback).
	 */
	public Double reward(EventType type) {
		return switch (type) {
			case CLICK -> this.clickReward;
			case PURCHASE -> this.purchaseReward;
			case VIEW -> this.viewReward;
			case SKIP -> this.skipReward;
			case IMPRESSION -> null;
		};
	}

	/** Whether a policy ranks with the learned model ({@code popularity} does not). */
	public static boolean usesModel(String policy) {
		return !"popularity".equals(policy);
	}

}
