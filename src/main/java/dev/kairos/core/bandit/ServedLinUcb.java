package dev.kairos.core.bandit;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.kairos.core.linalg.RidgePosterior;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.ServingPolicy;

/**
 * LinUCB as served ({@link LinUcb}; Li et al. 2010, Algorithm 1): expected reward
 * {@code θᵀx} and bonus {@code α·sqrt(xᵀA⁻¹x)} from a posterior frozen at one version.
 * Deterministic. One class serves three names, which differ only in the statistics the
 * posterior is made of: {@code linucb} (the shared model), {@code discounted-linucb}
 * (statistics with exponential forgetting, {@link DiscountedLinUcb}) and
 * {@code sliding-window-linucb} (statistics of a recent window only,
 * {@link SlidingWindowLinUcb}).
 *
 * @param name the policy's name
 * @param posterior the model at this version
 * @param alpha the exploration strength α ≥ 0
 */
public record ServedLinUcb(String name, RidgePosterior posterior, double alpha) implements ServingPolicy {

	public ServedLinUcb {
		Ranking.requireNonNegative(alpha, "alpha");
	}

	@Override
	public Recommender.Terms terms(List<String> itemIds, double[][] x, RandomGenerator random) {
		double[] mean = new double[x.length];
		double[] bonus = new double[x.length];
		this.posterior.meansAndWidths(x, mean, bonus);
		for (int i = 0; i < x.length; i++) {
			bonus[i] *= this.alpha;
		}
		return new Recommender.Terms(mean, bonus, this.posterior.count());
	}

}
