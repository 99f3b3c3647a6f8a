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
 */
public record ServedSlate(String recommendationId, String userId, String policy, long modelVersion, Instant at,
		List<ShownItem> items, boolean holdout) {

	public ServedSlate {
		items = List.copyOf(items);
	}

	/**
	 * One item of the slate.
	 *
	 * @param itemId the item
	 * @param position its position, from 0
	 * @param propensity the probability the policy had of showing it there
	 * @param reason why it was shown
	 * @param features the feature vector it was scored with
	 * @param exposure what its impression adds to the item's and the user's exposure
	 * ({@link Exposure}), or {@code null}
	 */
	public record ShownItem(String itemId, int position, double propensity, String reason, double[] features,
			Exposure exposure) {
	}

}
