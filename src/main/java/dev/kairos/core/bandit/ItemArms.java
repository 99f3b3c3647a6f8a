package dev.kairos.core.bandit;

import java.util.Map;

/**
 * The per-item statistics the per-item policies serve with (pulls and reward sums,
 * {@link ArmStatistics}), frozen at one model version, with a pooled prior: an item's
 * mean is shrunk towards the mean reward of all items,
 * {@code μ_i = (s·m + R_i) / (s + n_i)} with {@code m = ΣR / Σn} and prior strength s.
 * Without the prior an item never shown would have no mean (or the 1/2 of a uniform
 * Beta), far above a click-through rate of a few per cent, and every never-shown item
 * would outrank every known good one.
 *
 * @param arms item id to its statistics (items never shown are absent)
 * @param priorStrength s, how many pulls the pooled mean weighs as, &gt; 0
 */
public record ItemArms(Map<String, ArmStatistics> arms, double priorStrength) {

	public ItemArms {
		arms = Map.copyOf(arms);
		Ranking.requirePositive(priorStrength, "priorStrength");
	}

	/** No item shown yet. */
	public static ItemArms empty(double priorStrength) {
		return new ItemArms(Map.of(), priorStrength);
	}

	/** The statistics of one item, empty if never shown. */
	public ArmStatistics get(String itemId) {
		return this.arms.getOrDefault(itemId, ArmStatistics.EMPTY);
	}

	/** The pulls over all items. */
	public long totalPulls() {
		long n = 0;
		for (ArmStatistics s : this.arms.values()) {
			n += s.pulls();
		}
		return n;
	}

	/** The mean reward of all items, 0 before any pull. */
	public double pooledMean() {
		long n = 0;
		double r = 0;
		for (ArmStatistics s : this.arms.values()) {
			n += s.pulls();
			r += s.rewardSum();
		}
		return (n > 0) ? Math.max(0, r / n) : 0;
	}

	/** An item's mean, shrunk towards {@code pooledMean}. */
	public double mean(String itemId, double pooledMean) {
		ArmStatistics s = get(itemId);
		return (this.priorStrength * pooledMean + s.rewardSum()) / (this.priorStrength + s.pulls());
	}

}
