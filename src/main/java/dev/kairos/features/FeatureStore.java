package dev.kairos.features;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The feature store: user and item features, and the ranked lists candidates come from.
 * Reads that serve a request are batched: each method is one round trip, whatever the
 * number of ids or lists.
 */
public interface FeatureStore {

	/**
	 * Applies events, each at most once: an effect whose partition offset was applied
	 * already, or whose client event id was seen within the deduplication window, changes
	 * nothing.
	 * @param effects effects in log order per partition
	 * @return how many were applied (the rest were duplicates)
	 */
	int apply(List<EventEffect> effects);

	/** A user's features; {@link UserFeatures#unknown} for a user with no events. */
	UserFeatures user(String userId);

	/** Features of several items; unknown ids map to {@link ItemFeatures#unknown}. */
	Map<String, ItemFeatures> items(Collection<String> itemIds);

	/** The first {@code limit} items of each list, best first. */
	Map<RankedList, List<String>> top(Collection<RankedList> lists, int limit);

}
