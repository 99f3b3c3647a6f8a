package dev.kairos.features;

import java.time.Instant;
import java.util.Map;

import dev.kairos.core.ranking.ItemDescription;
import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.events.EventType;

/**
 * What the feature store knows of an item, read in one go on the request path: the
 * catalogue fields ranking needs and the features.
 *
 * @param itemId the item
 * @param category its category, or {@code null} if it is not in the catalogue
 * @param active whether it may be recommended
 * @param createdAt when it entered the catalogue, or {@code null}
 * @param counts events by type
 * @param popularityLogSum decayed popularity, a forward-decay log-sum
 * @param trendingLogSum decayed trending score (shorter half-life), a forward-decay
 * log-sum
 * @param exposure the clicks its impressions were expected to bring if it were an average
 * item ({@link dev.kairos.core.ranking.Exposure}), ≥ 0
 * @param description its tags and attributes
 */
public record ItemFeatures(String itemId, String category, boolean active, Instant createdAt,
		Map<EventType, Long> counts, double popularityLogSum, double trendingLogSum, double exposure,
		ItemDescription description) {

	public ItemFeatures {
		counts = Map.copyOf(counts);
		description = (description != null) ? description : ItemDescription.EMPTY;
	}

	/** An item with no tags and no attributes. */
	public ItemFeatures(String itemId, String category, boolean active, Instant createdAt, Map<EventType, Long> counts,
			double popularityLogSum, double trendingLogSum, double exposure) {
		this(itemId, category, active, createdAt, counts, popularityLogSum, trendingLogSum, exposure,
				ItemDescription.EMPTY);
	}

	/** An item nothing is known of. */
	public static ItemFeatures unknown(String itemId) {
		return new ItemFeatures(itemId, null, false, null, Map.of(), ForwardDecay.EMPTY, ForwardDecay.EMPTY, 0);
	}

	/** In the catalogue and not retired. */
	public boolean recommendable() {
		return this.category != null && this.active;
	}

	public long count(EventType type) {
		return this.counts.getOrDefault(type, 0L);
	}

}
