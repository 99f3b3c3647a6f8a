package dev.kairos.learning;

import dev.kairos.core.ranking.Exposure;

/**
 * What the join of slates and feedback teaches, one shown item at a time: the worker adds
 * these up per batch ({@link ModelDelta}) and merges the sum into the shared model, and
 * counts the exposures they carry in the user's and the item's features.
 *
 * @param kind what happened to the item
 * @param policy the policy that served the slate
 * @param reason why the item was shown
 * @param learn whether it counts in the model (not for a held-out slate)
 * @param reward for {@link Kind#CREDIT}, the reward added; for {@link Kind#HELD_OUT}, the
 * item's final reward; else 0
 * @param firstPositive for {@link Kind#CREDIT}, whether this is the item's first positive
 * feedback (a click, for the experiment's counts)
 * @param x the feature vector the item was scored with (empty for
 * {@link Kind#IMPRESSION_ONLY})
 * @param userId the user the item was shown to, or {@code null} (a record of an older
 * version)
 * @param itemId the item, or {@code null} (a record of an older version)
 * @param at the slate's request time (for {@link Kind#IMPRESSION_ONLY}, the impression's
 * timestamp), epoch milliseconds
 * @param exposure what the item's showing adds to the item's, the user's and the
 * population's exposure (taken back by {@link Kind#WITHDRAWN}); {@code null} if none (a
 * slate logged without exposures, or {@link Kind#IMPRESSION_ONLY}, which counts the
 * prior's)
 * @param variant the configuration of its policy that served the slate
 * ({@link ServedSlate#variant()}: the meta-bandit's α), or {@code ""}
 */
public record Observation(Kind kind, String policy, String reason, boolean learn, double reward, boolean firstPositive,
		double[] x, String userId, String itemId, long at, Exposure exposure, String variant) {

	public Observation {
		variant = (variant != null) ? variant : "";
	}

	/** An observation served by no variant of its policy. */
	public Observation(Kind kind, String policy, String reason, boolean learn, double reward, boolean firstPositive,
			double[] x, String userId, String itemId, long at, Exposure exposure) {
		this(kind, policy, reason, learn, reward, firstPositive, x, userId, itemId, at, exposure, "");
	}

	/** An observation for the model alone, without the item's identity or exposure. */
	public Observation(Kind kind, String policy, String reason, boolean learn, double reward, boolean firstPositive,
			double[] x) {
		this(kind, policy, reason, learn, reward, firstPositive, x, null, null, 0, null, "");
	}

	/**
	 * Whether it changes the exposures the features count (showing or its withdrawal).
	 */
	public boolean exposes() {
		return this.userId != null && this.itemId != null
				&& (this.kind == Kind.SHOWN || this.kind == Kind.WITHDRAWN || this.kind == Kind.IMPRESSION_ONLY);
	}

	/** What happened to a shown item. */
	public enum Kind {

		/**
		 * Served: counted as shown and, learning, as an observation of reward 0
		 * ({@code n + 1}, {@code A += x xᵀ}), so a client that reports only clicks still
		 * teaches what it passed over. Its exposure counts in the features at once, at
		 * serve time.
		 */
		SHOWN,

		/** Feedback raised the item's reward: {@code b += reward · x}. */
		CREDIT,

		/**
		 * The window closed, the client reported impressions of the slate but not of this
		 * item, and there was no feedback on it: it was not seen, so its observation is
		 * taken back ({@code n − 1}, {@code A −= x xᵀ}), and so is its exposure.
		 */
		WITHDRAWN,

		/** The window of a held-out slate closed: the item and its final reward. */
		HELD_OUT,

		/**
		 * An impression no served slate is found for (a client's own slate: no
		 * recommendation id, and no open slate of the user showed the item): not learned
		 * by the model, but counted in the features' exposure at the prior's rate, as at
		 * the top of a slate.
		 */
		IMPRESSION_ONLY

	}

}
