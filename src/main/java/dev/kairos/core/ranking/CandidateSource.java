package dev.kairos.core.ranking;

import java.util.Set;

/**
 * What candidates are chosen from: the recommendable items and the ranked lists over them
 * ({@link ItemCatalogue}, int-indexed), and what every user shares (in the service, the
 * serving snapshot held in memory).
 */
public interface CandidateSource {

	/** The lists kept over the whole catalogue and per category. */
	enum ListKind {

		/** Decayed popularity (long half-life), most first. */
		POPULAR,
		/** Decayed popularity with a short half-life, most first. */
		TRENDING,
		/** Newest first, by creation time. */
		NEW,
		/** Least exposure first ({@link Exposure}): the items least known. */
		LEAST_SHOWN

	}

	/**
	 * The recommendable items (active, with a category) in slots, with their ranked lists
	 * and co-occurrence lists: what candidates are drawn from and what the decision reads
	 * of each.
	 */
	ItemCatalogue catalogue();

	/**
	 * The items most often clicked by the users who clicked an item, most first, as slots
	 * ({@link ItemCatalogue#NONE} for an item not recommendable). By default the
	 * catalogue's co-occurrence partners ({@link ItemCatalogue#partners}).
	 * @param slot the item's slot in {@link #catalogue()}
	 */
	default int[] coClicked(int slot) {
		return catalogue().partners(slot);
	}

	/**
	 * The two-tower model being served (item vectors and the user tower's inputs), or
	 * {@code null} if there is none: then no item is retrieved by it and its feature is
	 * 0.
	 */
	default dev.kairos.core.embedding.TowerSnapshot towers() {
		return null;
	}

	/**
	 * What served items' rewards say of their co-occurrence with the users' latest items
	 * ({@link AffinityLift}). None by default.
	 */
	default AffinityLift affinityLift() {
		return AffinityLift.NONE;
	}

	/**
	 * The population's consumptions and repeat consumptions ({@link RepeatConsumption}).
	 * None by default.
	 */
	default RepeatConsumption.Counts repeatCounts() {
		return RepeatConsumption.Counts.NONE;
	}

	/** The categories the global Interest Clock knows. */
	Set<String> clockCategories();

	/** The global Interest Clock read as intensity. */
	ClockIntensity globalIntensity();

	/** The population's click rate per unit of exposure ({@link Exposure}). */
	double baseRate();

}
