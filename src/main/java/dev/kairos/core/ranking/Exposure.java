package dev.kairos.core.ranking;

/**
 * What one impression adds to the exposures that the item's quality ({@link ItemRates})
 * and the user's Interest Clock lift ({@link ClockLift}) are measured against: the clicks
 * it was expected to bring, with the other factor as it was when the slate was ranked.
 * The item's exposure counts the base rate times the viewer's lift for the item's
 * category (an item is not credited with its viewers' taste); the user's counts the
 * item's rate (a user is not credited with the items' quality). Both count the position's
 * discount {@code 1 / log2(position + 2)}: a place low in the slate is seen less, so
 * passing it over says less.
 *
 * @param discount the position's discount, in (0, 1]: what the impression adds to the
 * population's exposure, the base rate's denominator
 * @param item what the item's exposure adds, ≥ 0
 * @param user what the user's exposure to the category in the block of hours adds, ≥ 0
 * @param expected the clicks the ranking expected of the showing without the
 * co-occurrence lift: the item's rate times the user's lift times the discount, ≥ 0 (0 in
 * records that did not carry it)
 * @param affinity the item's co-occurrence affinity with the user's latest items when
 * ranked, in [0, 1] ({@link AffinityLift})
 */
public record Exposure(double discount, double item, double user, double expected, double affinity) {

	/** Exposures without what the co-occurrence lift learns from. */
	public Exposure(double discount, double item, double user) {
		this(discount, item, user, 0, 0);
	}

	/**
	 * An impression's exposures.
	 * @param position its place in the slate, from 0
	 * @param baseRate the population's click-through rate at the top of the slate
	 * @param lift the user's lift for the item's category when it was ranked (1 if none)
	 * @param itemRate the item's rate when it was ranked ({@link ItemRates.Rate#rate()})
	 * @return the exposures; non-finite or negative inputs count 0
	 */
	public static Exposure of(int position, double baseRate, double lift, double itemRate) {
		return of(position, baseRate, lift, itemRate, 0);
	}

	/**
	 * An impression's exposures, and what the co-occurrence lift learns from.
	 * @param position its place in the slate, from 0
	 * @param baseRate the population's click-through rate at the top of the slate
	 * @param lift the user's lift for the item's category when it was ranked (1 if none)
	 * @param itemRate the item's rate when it was ranked ({@link ItemRates.Rate#rate()})
	 * @param affinity the item's affinity with the user's latest items, in [0, 1]
	 * @return the exposures; non-finite or negative inputs count 0
	 */
	public static Exposure of(int position, double baseRate, double lift, double itemRate, double affinity) {
		double discount = discount(position);
		return new Exposure(discount, finite(baseRate) * finite(lift) * discount, finite(itemRate) * discount,
				finite(itemRate) * finite(lift) * discount, Math.min(1, finite(affinity)));
	}

	/**
	 * What the co-occurrence lift learns from this showing ({@code sign} −1 takes it
	 * back).
	 */
	public AffinityLift affinityLift(int sign) {
		return AffinityLift.NONE.serve(this.expected, this.affinity, sign);
	}

	/** The position's discount: 1 at the top, then {@code 1 / log2(position + 2)}. */
	public static double discount(int position) {
		return 1 / (Math.log(Math.max(0, position) + 2) / Math.log(2));
	}

	/** A sum's term: the value if finite and positive, else 0 (also AffinityLift's). */
	static double finite(double value) {
		return Double.isFinite(value) ? Math.max(0, value) : 0;
	}

}
