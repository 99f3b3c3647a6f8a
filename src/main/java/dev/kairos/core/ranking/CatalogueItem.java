package dev.kairos.core.ranking;

/**
 * A recommendable item as the ranking reads it: its category and the counts its rate and
 * its places in the ranked lists come from.
 *
 * @param itemId the item
 * @param category its category
 * @param createdAtMillis when it entered the catalogue, {@link Long#MIN_VALUE} if unknown
 * @param clicks its clicks
 * @param impressions its impressions
 * @param exposure the clicks its impressions were expected to bring if it were an average
 * item ({@link Exposure}), ≥ 0
 * @param popularityLogSum decayed popularity, a forward-decay log-sum
 * ({@link dev.kairos.core.stats.ForwardDecay#EMPTY} if never clicked or viewed)
 * @param trendingLogSum decayed trending score, a forward-decay log-sum
 * @param description its tags and attributes (the feature schema's content features)
 */
public record CatalogueItem(String itemId, String category, long createdAtMillis, long clicks, long impressions,
		double exposure, double popularityLogSum, double trendingLogSum, ItemDescription description) {

	public CatalogueItem {
		description = (description != null) ? description : ItemDescription.EMPTY;
	}

	/** An item with no tags and no attributes. */
	public CatalogueItem(String itemId, String category, long createdAtMillis, long clicks, long impressions,
			double exposure, double popularityLogSum, double trendingLogSum) {
		this(itemId, category, createdAtMillis, clicks, impressions, exposure, popularityLogSum, trendingLogSum,
				ItemDescription.EMPTY);
	}

	/** Whether its creation time is known. */
	public boolean createdAtKnown() {
		return this.createdAtMillis != Long.MIN_VALUE;
	}

}
