package dev.kairos.core.embedding;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the user tower reads of a user at the time of a request: their recent items (most
 * recent first), their interest by category, and the hour of day.
 *
 * @param recentItems the user's latest items, most recent first (at most
 * {@link TwoTowerModel.Parameters#historyLength()} are read)
 * @param categoryInterests the user's interest by category, non-negative weights (empty
 * for none)
 * @param hourOfDay the request's hour of day in [0, 24)
 */
public record UserContext(List<String> recentItems, Map<String, Double> categoryInterests, double hourOfDay) {

	public UserContext {
		recentItems = List.copyOf(recentItems);
		categoryInterests = Map.copyOf(Objects.requireNonNull(categoryInterests, "categoryInterests"));
		if (!(hourOfDay >= 0 && hourOfDay < 24)) {
			throw new IllegalArgumentException("hourOfDay must be in [0, 24): " + hourOfDay);
		}
	}

}
