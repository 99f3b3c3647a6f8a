package dev.kairos.learning;

/**
 * What the join of slates and feedback teaches, one shown item at a time: the worker adds
 * these up per batch ({@link ModelDelta}) and merges the sum into the shared model.
 *
 * @param kind what happened to the item
 * @param policy the policy that served the slate
 * @param reason why the item was shown
 * @param learn whether it counts in the model (not for a held-out slate)
 * @param reward for {@link Kind#CREDIT}, the reward added; for {@link Kind#HELD_OUT}, the
 * item's final reward; else 0
 * @param firstPositive for {@link Kind#CREDIT}, whether this is the item's first positive
 * feedback (a click, for the experiment's counts)
 * @param x the feature vector the item was scored with
 */
public record Observation(Kind kind, String policy, String reason, boolean learn, double reward, boolean firstPositive,
		double[] x) {

	/** What happened to a shown item. */
	public enum Kind {

		/**
		 * Served: counted as shown and, learning, as an observation of reward 0
		 * ({@code n + 1}, {@code A += x xᵀ}), so a client that reports only clicks still
		 * teaches what it passed over.
		 */
		SHOWN,

		/** Feedback raised the item's reward: {@code b += reward · x}. */
		CREDIT,

		/**
		 * The window closed, the client reported impressions of the slate but not of this
		 * item, and there was no feedback on it: it was not seen, so its observation is
		 * taken back ({@code n − 1}, {@code A −= x xᵀ}).
		 */
		WITHDRAWN,

		/** The window of a held-out slate closed: the item and its final reward. */
		HELD_OUT

	}

}
