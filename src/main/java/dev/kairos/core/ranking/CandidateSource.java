package dev.kairos.core.ranking;

import java.util.List;
import java.util.Set;

/**
 * What candidates are chosen from: the recommendable items and the ranked lists over them
 * (in the service, the serving snapshot held in memory).
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
	 * The first items of a list.
	 * @param category the category, or {@code null} for the whole catalogue
	 */
	List<String> list(ListKind kind, String category);

	/** The items most often clicked by the users who clicked an item, most first. */
	List<String> coClicked(String itemId);

	/**
	 * An item's strongest partners by decayed co-occurrence, with their log-sums: what
	 * the {@code similar-to} features are computed from. None by default.
	 */
	default CoOccurrences coOccurrences(String itemId) {
		return CoOccurrences.EMPTY;
	}

	/**
	 * The two-tower model being served (item vectors and the user tower's inputs), or
	 * {@code null} if there is none: then no item is retrieved by it and its feature is
	 * 0.
	 */
	default dev.kairos.core.embedding.TowerSnapshot towers() {
		return null;
	}

	/** A recommendable item (active, with a category), or {@code null}. */
	CatalogueItem item(String itemId);

	/**
	 * What served items' rewards say of their co-occurrence with the users' latest items
	 * ({@link AffinityLift}). None by default.
	 */
	default AffinityLift affinityLift() {
		return AffinityLift.NONE;
	}

	/** The categories the global Interest Clock knows. */
	Set<String> clockCategories();

	/** The global Interest Clock read as intensity. */
	ClockIntensity globalIntensity();

	/** The population's click rate per unit of exposure ({@link Exposure}). */
	double baseRate();

}
