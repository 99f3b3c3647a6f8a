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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recommendation(String recommendationId, String userId, String policy, long modelVersion,
		Instant generatedAt, boolean coldStart, boolean degraded, List<RecommendedItem> items,
		Map<String, Map<String, Object>> explanation) {

	/**
	 * One recommended item.
	 *
	 * @param itemId the item
	 * @param score its score under the policy
	 * @param propensity the probability the policy had of showing it here
	 * @param reason why: exploit, explore, interest-clock, cold-start or trending
	 */
	public record RecommendedItem(String itemId, double score, double propensity, String reason) {
	}

}
