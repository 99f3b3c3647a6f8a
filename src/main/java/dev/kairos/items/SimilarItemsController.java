package dev.kairos.items;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kairos.core.similarity.ItemCoOccurrence;
import dev.kairos.features.FeatureSettings;
import dev.kairos.features.FeatureStore;
import dev.kairos.features.ItemFeatures;
import dev.kairos.validation.Ids;
import dev.kairos.validation.QueryParameters;
import dev.kairos.validation.UnknownEntityException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /items/{itemId}/similar?count=}: the items most similar to one, by the
 * decayed co-occurrence the worker keeps ({@link ItemCoOccurrence}: the shrunk cosine of
 * co-occurrence over both items' popularity), retired items left out.
 */
@RestController
@ConditionalOnProperty(name = "kairos.roles.api", havingValue = "true", matchIfMissing = true)
class SimilarItemsController {

	/**
	 * Co-occurrences at which the similarity is halved: one shared user is not enough.
	 */
	static final double SHRINKAGE = 2;

	/** How many of the strongest partners are scored. */
	static final int PARTNERS = 100;

	private final FeatureStore store;

	private final FeatureSettings settings;

	private final Clock clock;

	SimilarItemsController(FeatureStore store, FeatureSettings settings, Clock clock) {
		this.store = store;
		this.settings = settings;
		this.clock = clock;
	}

	/** The answer. */
	record SimilarItems(String itemId, List<SimilarItem> items) {
	}

	/** One similar item: its similarity and the decayed co-occurrence behind it. */
	record SimilarItem(String itemId, double score, double coOccurrence) {
	}

	@GetMapping("/items/{itemId}/similar")
	SimilarItems similar(@PathVariable String itemId, @RequestParam(required = false) String count) {
		Ids.require("itemId", itemId);
		int n = QueryParameters.integer("count", count, 10, 1, 100);
		long now = this.clock.millis();
		Map<String, Double> partners = this.store.coOccurrences(itemId, PARTNERS);
		// the item and its partners in one read
		Set<String> ids = new LinkedHashSet<>(partners.keySet());
		ids.add(itemId);
		Map<String, ItemFeatures> features = this.store.items(ids);
		ItemFeatures anchor = features.get(itemId);
		if (anchor == null || anchor.category() == null) {
			throw new UnknownEntityException("item", itemId);
		}
		List<SimilarItem> similar = new ArrayList<>(partners.size());
		partners.forEach((partner, coLogSum) -> {
			ItemFeatures item = features.get(partner);
			if (item == null || !item.recommendable()) {
				return;
			}
			double score = ItemCoOccurrence.similarity(coLogSum, anchor.popularityLogSum(), item.popularityLogSum(),
					this.settings.popularity(), now, SHRINKAGE);
			similar.add(new SimilarItem(partner, score, this.settings.popularity().valueAt(coLogSum, now)));
		});
		similar.sort(Comparator.comparingDouble(SimilarItem::score).reversed().thenComparing(SimilarItem::itemId));
		return new SimilarItems(itemId, List.copyOf(similar.subList(0, Math.min(n, similar.size()))));
	}

}
