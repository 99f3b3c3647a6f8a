package dev.kairos.recommendations;

import java.time.Instant;
import java.util.Map;
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
 * @param context the request's context ({@code device → ios}), empty if none
 */
public record RecommendationRequest(String userId, int count, Instant at, String category, Set<String> exclude,
		boolean explain, Map<String, String> context) {

	public RecommendationRequest {
		exclude = Set.copyOf(exclude);
		context = (context != null) ? Map.copyOf(context) : Map.of();
	}

	/** A request without context. */
	public RecommendationRequest(String userId, int count, Instant at, String category, Set<String> exclude,
			boolean explain) {
		this(userId, count, at, category, exclude, explain, Map.of());
	}

}
