package dev.kairos.recommendations;

import java.util.List;
import java.util.Set;

import dev.kairos.core.embedding.TowerSnapshot;
import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.ranking.AffinityLift;
import dev.kairos.core.ranking.CandidateSource;
import dev.kairos.core.ranking.ClockIntensity;
import dev.kairos.core.ranking.ItemCatalogue;
import dev.kairos.core.ranking.RepeatConsumption;
import dev.kairos.learning.ServingModel;

/**
 * Everything a recommendation reads that is the same for every user, held in memory and
 * never changed: a new snapshot replaces it whole ({@link ServingSnapshots}).
 *
 * @param catalogue the catalogue's recommendable items (active, with a category) and
 * their counts, each in a slot, with the ranked lists' first items (popular, trending,
 * new and least shown, over the catalogue and per category, computed from the items) and
 * each item's strongest partners by decayed co-occurrence, as slots; retired items are
 * not in it
 * @param globalClock the global Interest Clock, or {@code null} before it has any mass
 * @param globalIntensity the global clock read as intensity, its peak computed once
 * @param baseRate the population's click rate per unit of exposure
 * @param affinityLift what served items' rewards say of the co-occurrence lift
 * @param model the model's posterior at its version
 * @param catalogueVersion the catalogue version the items are at least as new as
 * @param builtAtMillis when the snapshot was built, 0 for the empty one before the first
 * build
 * @param towers the two-tower model's vectors, or {@code null} if none is served
 * @param repeatCounts the population's consumptions and repeat consumptions
 */
public record ServingSnapshot(ItemCatalogue catalogue, InterestClock globalClock, ClockIntensity globalIntensity,
		double baseRate, AffinityLift affinityLift, ServingModel.Version model, long catalogueVersion,
		long builtAtMillis, TowerSnapshot towers, RepeatConsumption.Counts repeatCounts) implements CandidateSource {

	public ServingSnapshot {
		repeatCounts = (repeatCounts != null) ? repeatCounts : RepeatConsumption.Counts.NONE;
	}

	/** A snapshot without the population's repeat counts. */
	public ServingSnapshot(ItemCatalogue catalogue, InterestClock globalClock, ClockIntensity globalIntensity,
			double baseRate, AffinityLift affinityLift, ServingModel.Version model, long catalogueVersion,
			long builtAtMillis, TowerSnapshot towers) {
		this(catalogue, globalClock, globalIntensity, baseRate, affinityLift, model, catalogueVersion, builtAtMillis,
				towers, RepeatConsumption.Counts.NONE);
	}

	/** Whether it was built from the store (the empty one is not). */
	public boolean ready() {
		return this.builtAtMillis > 0;
	}

	/** The first items of a list over the whole catalogue, best first. */
	public List<String> list(ListKind kind) {
		return this.catalogue.ids(this.catalogue.list(kind, ItemCatalogue.NONE));
	}

	@Override
	public Set<String> clockCategories() {
		return (this.globalClock != null) ? this.globalClock.categories() : Set.of();
	}

	/** A copy with another model. */
	ServingSnapshot withModel(ServingModel.Version other) {
		return new ServingSnapshot(this.catalogue, this.globalClock, this.globalIntensity, this.baseRate,
				this.affinityLift, other, this.catalogueVersion, this.builtAtMillis, this.towers, this.repeatCounts);
	}

	/** A copy with other towers. */
	ServingSnapshot withTowers(TowerSnapshot other) {
		return new ServingSnapshot(this.catalogue, this.globalClock, this.globalIntensity, this.baseRate,
				this.affinityLift, this.model, this.catalogueVersion, this.builtAtMillis, other, this.repeatCounts);
	}

	/** A copy with the population's repeat counts. */
	ServingSnapshot withRepeatCounts(RepeatConsumption.Counts counts) {
		return new ServingSnapshot(this.catalogue, this.globalClock, this.globalIntensity, this.baseRate,
				this.affinityLift, this.model, this.catalogueVersion, this.builtAtMillis, this.towers, counts);
	}

}
