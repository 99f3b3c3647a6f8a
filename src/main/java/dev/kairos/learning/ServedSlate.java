package dev.kairos.learning;

import java.time.Instant;
import java.util.List;

import dev.kairos.core.ranking.Exposure;

/**
 * A served slate, the decision as logged: what was shown to whom, by which policy and
 * model, with the propensities and the exact feature vectors used, so that the worker can
 * join feedback to it and learn, and logged decisions can be evaluated off-policy. (Not
 * to be confused with the client's {@code impression} event, which says an item was
 * seen.)
 *
 * @param recommendationId the answer's id
 * @param userId to whom
 * @param policy the policy that ranked it
 * @param modelVersion the model version that scored it
 * @param at the request time: the slate's event time, from which its attribution window
 * runs
 * @param items the items, in slate order
 * @param holdout whether its feedback is kept out of the model, to judge the model by
 * @param deterministic whether the policy chose this slate without randomness: then every
 * item's propensity is 1.0 (the slate was the only one the policy could serve in this
 * context), and off-policy estimators can use it only for policies that would serve the
 * same items
 * @param propensityError the largest standard error of the items' propensities: 0 where
 * they are exact (deterministic policies, closed forms such as ε-greedy), the Monte Carlo
 * standard error where they are estimated (Thompson sampling), {@link Double#NaN} where
 * unknown (slates logged before propensities were true: schema version 2)
 * @param variant which of the policy's configurations served the slate, in the policy's
 * own words (the meta-bandit's choice of exploration strength), or {@code ""}
 */
public record ServedSlate(String recommendationId, String userId, String policy, long modelVersion, Instant at,
		List<ShownItem> items, boolean holdout, boolean deterministic, double propensityError, String variant) {

	public ServedSlate {
		items = List.copyOf(items);
		variant = (variant != null) ? variant : "";
	}

	/**
	 * A slate whose propensities are exact: deterministic if every item's propensity is
	 * 1.0.
	 */
	public ServedSlate(String recommendationId, String userId, String policy, long modelVersion, Instant at,
			List<ShownItem> items, boolean holdout) {
		this(recommendationId, userId, policy, modelVersion, at, items, holdout,
				items.stream().allMatch((item) -> item.propensity() == 1.0), 0.0, "");
	}

	/**
	 * One item of the slate.
	 *
	 * @param itemId the item
	 * @param position its position, from 0
	 * @param propensity the probability that the policy, in this context, put this item
	 * in this position (1.0 for a deterministic policy)
	 * @param reason why it was shown
	 * @param features the feature vector it was scored with
	 * @param exposure what its impression adds to the item's and the user's exposure
	 * ({@link Exposure}), or {@code null}
	 */
	public record ShownItem(String itemId, int position, double propensity, String reason, double[] features,
			Exposure exposure) {
	}

}
