package dev.kairos.core.ranking;

import java.util.List;

/**
 * Click-through rates of candidate items, each the base rate times the item's quality
 * {@code θ}, with the uncertainty that drives a new item's exploration bonus.
 *
 * <p>
 * An item's clicks {@code k} are taken as Poisson with mean {@code θ·E}, where {@code E},
 * the item's exposure, is the clicks its impressions were expected to bring if it were an
 * average item: each impression counts the base rate times the viewer's Interest Clock
 * lift for the item's category at the time (an item shown mostly to its category's fans
 * is not taken for a good item, nor one shown to those who pass the category over for a
 * bad one) times the position's discount ({@link Exposure}). With a prior of mean 1 (the
 * average item) and strength {@code a}, the posterior is {@code Gamma(a + k, a + E)}: the
 * item's rate is {@code base} times its mean {@code (a + k) / (a + E)}, and its
 * uncertainty {@code base} times its standard deviation {@code sqrt(a + k) / (a + E)}:
 * largest for an item never shown, shrinking as {@code 1/√E}. A new item starts as the
 * average item; what sets it apart before it has data of its own is its category, through
 * the user's Interest Clock lift for it ({@link SlateRanker}). A category prior (the
 * category's quality measured the same way, pooled over the request's candidates or over
 * all its items) made unknown items look as good as the known ones the candidate lists
 * select, and cost a fifth to a quarter of what the ranking learned in the simulator's
 * world (docs/simulator.md).
 */
public final class ItemRates {

	private ItemRates() {
	}

	/**
	 * One item's counts.
	 *
	 * @param clicks clicks, ≥ 0
	 * @param exposure exposure {@code E}, ≥ 0 (the clicks an average item would have had
	 * from the impressions)
	 */
	public record Counts(long clicks, double exposure) {
	}

	/**
	 * One item's rate (at the top of the slate, for a viewer of average interest in its
	 * category) and its posterior standard deviation.
	 */
	public record Rate(double rate, double uncertainty) {
	}

	/**
	 * Rates of all items, in order.
	 * @param items the items' counts
	 * @param baseRate the population's click-through rate at the top of the slate, in (0,
	 * 1]
	 * @param priorStrength {@code a} &gt; 0: how many expected clicks weigh as much as
	 * the average item's quality
	 * @return one rate per item
	 */
	public static Rate[] of(List<Counts> items, double baseRate, double priorStrength) {
		if (!(priorStrength > 0) || Double.isInfinite(priorStrength)) {
			throw new IllegalArgumentException("priorStrength must be positive and finite: " + priorStrength);
		}
		double base = Double.isFinite(baseRate) ? Math.min(1, Math.max(1e-6, baseRate)) : 1e-6;
		Rate[] rates = new Rate[items.size()];
		for (int i = 0; i < rates.length; i++) {
			Counts c = items.get(i);
			double shape = priorStrength + Math.max(0, c.clicks());
			double rate = priorStrength + exposure(c);
			rates[i] = new Rate(Math.min(1, base * shape / rate), base * Math.sqrt(shape) / rate);
		}
		return rates;
	}

	private static double exposure(Counts c) {
		return Double.isFinite(c.exposure()) ? Math.max(0, c.exposure()) : 0;
	}

}
