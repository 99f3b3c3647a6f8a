package dev.kairos.recommendations;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.kairos.core.embedding.TowerSnapshot;
import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.ranking.AffinityLift;
import dev.kairos.core.ranking.CandidateSource;
import dev.kairos.core.ranking.CatalogueItem;
import dev.kairos.core.ranking.ClockIntensity;
import dev.kairos.core.ranking.CoOccurrences;
import dev.kairos.features.RankedList;
import dev.kairos.features.RankedList.Kind;
import dev.kairos.learning.ServingModel;

/**
 * Everything a recommendation reads that is the same for every user, held in memory and
 * never changed: a new snapshot replaces it whole ({@link ServingSnapshots}).
 *
 * @param items the catalogue's recommendable items (active, with a category) and their
 * counts; retired items are not in it
 * @param lists the ranked lists' first items: popular, trending, new and least shown,
 * over the catalogue and per category (computed from {@code items})
 * @param coOccurrences each recommendable item's strongest partners by decayed
 * co-occurrence, with their log-sums (items with none are left out)
 * @param globalClock the global Interest Clock, or {@code null} before it has any mass
 * @param globalIntensity the global clock read as intensity, its peak computed once
 * @param baseRate the population's click rate per unit of exposure
 * @param affinityLift what served items' rewards say of the co-occurrence lift
 * @param model the model's posterior at its version
 * @param catalogueVersion the catalogue version the items are at least as new as
 * @param builtAtMillis when the snapshot was built, 0 for the empty one before the first
 * build
 * @param towers the two-tower model's vectors, or {@code null} if none is served
 */
public record ServingSnapshot(Map<String, CatalogueItem> items, Map<RankedList, List<String>> lists,
		Map<String, CoOccurrences> coOccurrences, InterestClock globalClock, ClockIntensity globalIntensity,
		double baseRate, AffinityLift affinityLift, ServingModel.Version model, long catalogueVersion,
		long builtAtMillis, TowerSnapshot towers) implements CandidateSource {

	/** Whether it was built from the store (the empty one is not). */
	public boolean ready() {
		return this.builtAtMillis > 0;
	}

	/** A list's first items, best first; empty if unknown. */
	public List<String> list(RankedList list) {
		return this.lists.getOrDefault(list, List.of());
	}

	@Override
	public List<String> list(ListKind kind, String category) {
		return list(new RankedList(switch (kind) {
			case POPULAR -> Kind.POPULAR;
			case TRENDING -> Kind.TRENDING;
			case NEW -> Kind.NEW;
			case LEAST_SHOWN -> Kind.LEAST_SHOWN;
		}, category));
	}

	@Override
	public List<String> coClicked(String itemId) {
		return coOccurrences(itemId).partners();
	}

	@Override
	public CoOccurrences coOccurrences(String itemId) {
		return this.coOccurrences.getOrDefault(itemId, CoOccurrences.EMPTY);
	}

	@Override
	public CatalogueItem item(String itemId) {
		return this.items.get(itemId);
	}

	@Override
	public Set<String> clockCategories() {
		return (this.globalClock != null) ? this.globalClock.categories() : Set.of();
	}

	/** A copy with another model. */
	ServingSnapshot withModel(ServingModel.Version other) {
		return new ServingSnapshot(this.items, this.lists, this.coOccurrences, this.globalClock, this.globalIntensity,
				this.baseRate, this.affinityLift, other, this.catalogueVersion, this.builtAtMillis, this.towers);
	}

	/** A copy with other towers. */
	ServingSnapshot withTowers(TowerSnapshot other) {
		return new ServingSnapshot(this.items, this.lists, this.coOccurrences, this.globalClock, this.globalIntensity,
				this.baseRate, this.affinityLift, this.model, this.catalogueVersion, this.builtAtMillis, other);
	}

}
