package dev.kairos.core.ranking;

import java.util.Locale;

/** Why an item is in a slate: the term of its score that contributed most. */
public enum Reason {

	/** The model's expected reward. */
	EXPLOIT,
	/** The model's exploration bonus, or a new item's bonus. */
	EXPLORE,
	/** The user's (or the global) Interest Clock at this hour. */
	INTEREST_CLOCK,
	/** A user with no history: trending and popular items. */
	COLD_START,
	/** Popular or trending now. */
	TRENDING,
	/**
	 * The feature store could not be reached: the most popular items when it last
	 * answered.
	 */
	FALLBACK,
	/**
	 * An item the user consumed before, given a place by their learned repeat share
	 * ({@link RepeatConsumption}).
	 */
	REPEAT;

	/** The name on the wire: {@code exploit}, {@code interest-clock}, ... */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
