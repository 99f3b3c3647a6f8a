package dev.kairos.recommendations;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of {@code GET /recommendations}.
 *
 * @param recommendationId id of this answer; events may refer to it
 * @param userId for whom
 * @param policy the policy that ranked the items
 * @param modelVersion the version of the model that scored them (0 for non-learning
 * policies)
 * @param generatedAt the request time ({@code at})
 * @param coldStart whether the user had no history: the slate is a cold-start one
 * @param degraded whether the feature store could not be reached and the items are the
 * most popular ones when it last answered, not a ranking for this user
 * @param items the items, best first
 * @param explanation per item id, the terms of its score (only with {@code explain=true})
 * @param deterministic whether the policy chose the items without randomness (every
 * propensity is then 1)
 * @param propensityError an upper bound of the propensities' standard error: 0 when they
 * are exact, {@code 0.5/sqrt(N + 1)} when estimated from N Monte Carlo draws (Thompson
 * sampling)
 * @param variant the configuration of its policy that served (the meta-bandit's α), if
 * any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recommendation(String recommendationId, String userId, String policy, long modelVersion,
		Instant generatedAt, boolean coldStart, boolean degraded, List<RecommendedItem> items,
		Map<String, Map<String, Object>> explanation, boolean deterministic, double propensityError, String variant) {

	/**
	 * One recommended item.
	 *
	 * @param itemId the item
	 * @param score its score under the policy
	 * @param propensity the probability that the policy, in this request's context, put
	 * this item in this place (1 for a deterministic policy)
	 * @param reason why: exploit, explore, interest-clock, cold-start or trending
	 */
	public record RecommendedItem(String itemId, double score, double propensity, String reason) {
	}

}
