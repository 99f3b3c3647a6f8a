package dev.kairos.core.bandit;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.ServingPolicy;

/**
 * {@link Ucb1} as served, one arm per item (Auer, Cesa-Bianchi &amp; Fischer 2002):
 * expected reward the item's mean, bonus {@code c·sqrt(2 ln n / (n_i + 1))}.
 * Deterministic.
 *
 * <p>
 * Deviations: the item's mean is shrunk towards the pooled mean ({@link ItemArms}); the
 * count has a pseudo-pull ({@code n_i + 1}), so an item never shown gets the largest
 * finite bonus {@code c·sqrt(2 ln n)} instead of being played first whatever else is
 * known, which the slate's blend could not use; n is the pulls of all items (at least 1).
 *
 * @param arms the per-item statistics at this version
 * @param scale the bonus scale c ≥ 0
 */
public record ServedUcb1(ItemArms arms, double scale) implements ServingPolicy {

	public ServedUcb1 {
		Ranking.requireNonNegative(scale, "scale");
	}

	@Override
	public String name() {
		return "ucb1";
	}

	@Override
	public Recommender.Terms terms(List<String> itemIds, double[][] x, RandomGenerator random) {
		int n = itemIds.size();
		double pooled = this.arms.pooledMean();
		long total = this.arms.totalPulls();
		double log = Math.log(Math.max(1, total) + 1.0);
		double[] mean = new double[n];
		double[] bonus = new double[n];
		for (int i = 0; i < n; i++) {
			String id = itemIds.get(i);
			mean[i] = this.arms.mean(id, pooled);
			bonus[i] = this.scale * Math.sqrt(2 * log / (this.arms.get(id).pulls() + 1));
		}
		return new Recommender.Terms(mean, bonus, total);
	}

}
