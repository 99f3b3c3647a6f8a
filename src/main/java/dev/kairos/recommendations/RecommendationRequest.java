package dev.kairos.recommendations;

import java.time.Instant;
import java.util.Set;

/**
 * A checked request for recommendations.
 *
 * @param userId for whom
 * @param count how many items, 1–100
 * @param at the time the request happens at (hour of day, time decay)
 * @param category only items of this category, or {@code null}
 * @param exclude items not to return
 * @param explain whether to return the breakdown of each score
 */
public record RecommendationRequest(String userId, int count, Instant at, String category, Set<String> exclude,
		boolean explain) {

	public RecommendationRequest {
		exclude = Set.copyOf(exclude);
	}

}
