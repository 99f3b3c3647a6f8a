package dev.kairos.core.ranking;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.core.stats.SmoothedRate;

/**
 * Click-through rates of candidate items, each smoothed towards its category's rate, with
 * the uncertainty that drives a new item's exploration bonus.
 *
 * <p>
 * An item with few impressions says little about itself; its category says more. The
 * category's rate is pooled over the category's candidates in the request (their clicks
 * and impressions summed, smoothed towards the global prior), and each item's rate is the
 * posterior mean of a Beta prior centred on that category rate with {@code priorStrength}
 * pseudo-impressions: {@code (clicks + s·p_cat) / (n + s)}. Its uncertainty is the
 * posterior standard deviation {@code sqrt(r(1 − r) / (n + s + 1))}: largest for an item
 * never shown, shrinking as {@code 1/√n}. Counts are clamped as in {@link SmoothedRate}
 * (impressions at least clicks).
 */
public final class ItemRates {

	private ItemRates() {
	}

	/** One item's counts. */
	public record Counts(String category, long clicks, long impressions) {
	}

	/**
	 * One item's smoothed rate, its posterior standard deviation, and the smoothed rate
	 * of its category.
	 */
	public record Rate(double rate, double uncertainty, double categoryRate) {
	}

	/**
	 * Rates of all items, in order.
	 * @param items the items' counts
	 * @param global the global prior (rate and strength); the strength is also the
	 * category prior's
	 * @return one rate per item
	 */
	public static Rate[] of(List<Counts> items, SmoothedRate global) {
		Map<String, long[]> pooled = new HashMap<>();
		for (Counts c : items) {
			long[] sums = pooled.computeIfAbsent(c.category(), (k) -> new long[2]);
			sums[0] += Math.max(0, c.clicks());
			sums[1] += Math.max(Math.max(0, c.impressions()), Math.max(0, c.clicks()));
		}
		Map<String, SmoothedRate> categoryPriors = new HashMap<>();
		pooled.forEach((category, sums) -> {
			double rate = global.estimate(sums[0], sums[1]);
			// keep the prior strictly inside (0, 1) whatever the counts
			rate = Math.min(1 - 1e-6, Math.max(1e-6, rate));
			categoryPriors.put(category, new SmoothedRate(rate, global.priorStrength()));
		});
		Rate[] rates = new Rate[items.size()];
		for (int i = 0; i < rates.length; i++) {
			Counts c = items.get(i);
			long clicks = Math.max(0, c.clicks());
			long n = Math.max(Math.max(0, c.impressions()), clicks);
			SmoothedRate category = categoryPriors.get(c.category());
			double rate = category.estimate(clicks, n);
			rates[i] = new Rate(rate, Math.sqrt(rate * (1 - rate) / (n + global.priorStrength() + 1)),
					category.priorRate());
		}
		return rates;
	}

}
