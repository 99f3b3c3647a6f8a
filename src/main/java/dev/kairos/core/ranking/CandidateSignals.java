package dev.kairos.core.ranking;

/**
 * What is known of one candidate item for one user at the request time, before any model:
 * the raw signals the feature vector and the cold-start prior are made of.
 *
 * @param itemId the item
 * @param category its category
 * @param popularity decayed popularity at the request time, ≥ 0
 * @param trending decayed trending score at the request time, ≥ 0
 * @param clickThroughRate the item's click-through rate at the top of the slate, for a
 * viewer of average interest in its category ({@link ItemRates}), in [0, 1]
 * @param interest the user's decayed interest in the item's category, ≥ 0
 * @param userClock the user's Interest Clock: probability of the category at the request
 * hour, blended with the global clock by the amount of history, in [0, 1]
 * @param globalClock the global clock's probability of the category at the hour, in [0,
 * 1]
 * @param isNew whether the item is new (recently created)
 * @param ageHours hours since the item was created, ≥ 0 (0 if unknown)
 * @param rateUncertainty the posterior standard deviation of the click-through rate
 * ({@link ItemRates}), ≥ 0: large for an item with few impressions
 * @param categoryClicks how many items of the category the user clicked in this block of
 * hours (fractional when the hour is read smoothly,
 * {@link UserState#tallies(double, double)}), ≥ 0
 * @param categoryExposure the user's exposure to the category in this block of hours
 * ({@link ClockLift}: the clicks the population would have made on what the user was
 * shown), ≥ 0
 * @param liftPrior the prior mean of the user's {@link ClockLift} for the category at the
 * hour (1 when nothing sets the category apart)
 * @param description the item's tags and attributes
 * @param similarity how similar the item is to the user's recent items
 * @param towerAffinity the two-tower model's click probability {@code σ(u·v + b)} for the
 * user and the item, in [0, 1]; 0 when no tower model is served
 */
public record CandidateSignals(String itemId, String category, double popularity, double trending,
		double clickThroughRate, double interest, double userClock, double globalClock, boolean isNew, double ageHours,
		double rateUncertainty, double categoryClicks, double categoryExposure, double liftPrior,
		ItemDescription description, Similarity similarity, double towerAffinity) {

	public CandidateSignals {
		description = (description != null) ? description : ItemDescription.EMPTY;
		similarity = (similarity != null) ? similarity : Similarity.NONE;
	}

	/** A candidate with no content, no similarity to the user's items and no towers. */
	public CandidateSignals(String itemId, String category, double popularity, double trending, double clickThroughRate,
			double interest, double userClock, double globalClock, boolean isNew, double ageHours,
			double rateUncertainty, double categoryClicks, double categoryExposure, double liftPrior) {
		this(itemId, category, popularity, trending, clickThroughRate, interest, userClock, globalClock, isNew,
				ageHours, rateUncertainty, categoryClicks, categoryExposure, liftPrior, ItemDescription.EMPTY,
				Similarity.NONE, 0);
	}

	/**
	 * The item's co-occurrence similarity to the user's recent items
	 * ({@link dev.kairos.core.similarity.ItemCoOccurrence}).
	 *
	 * @param max the largest similarity to one of them, in [0, 1]
	 * @param mean the mean over the recent items read, in [0, 1]
	 * @param nearest the recent item of the largest similarity, or {@code null} if none
	 */
	public record Similarity(double max, double mean, String nearest) {

		/** Similar to none of the user's items. */
		public static final Similarity NONE = new Similarity(0, 0, null);

	}

}
