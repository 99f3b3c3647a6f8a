package dev.kairos.core.bandit;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.ServingPolicy;
import dev.kairos.core.stats.Sampling;

/**
 * {@link BernoulliThompson} as served, one arm per item: each request draws
 * {@code θ_i ~ Beta(s·m + R_i, s·(1 − m) + n_i − R_i)} per candidate, the Beta posterior
 * of the item's rate under the pooled prior of {@link ItemArms} (mean m, strength s,
 * instead of the uniform Beta(1, 1)); expected reward is the posterior mean and bonus
 * {@code θ_i − mean}. Randomised: propensities are estimated by re-drawing.
 *
 * @param arms the per-item statistics at this version
 */
public record ServedBernoulliThompson(ItemArms arms) implements ServingPolicy {

	/** The smallest prior parameter, so that a pooled mean of 0 or 1 stays a Beta. */
	static final double MIN_PRIOR = 1e-3;

	@Override
	public String name() {
		return "bernoulli-thompson";
	}

	@Override
	public boolean randomized() {
		return true;
	}

	@Override
	public Recommender.Terms terms(List<String> itemIds, double[][] x, RandomGenerator random) {
		double m = Math.min(1, this.arms.pooledMean());
		double s = this.arms.priorStrength();
		double[] mean = new double[itemIds.size()];
		double[] bonus = new double[itemIds.size()];
		for (int i = 0; i < mean.length; i++) {
			ArmStatistics a = this.arms.get(itemIds.get(i));
			double successes = Math.max(0, a.rewardSum());
			double failures = Math.max(0, a.pulls() - successes);
			double alpha = Math.max(MIN_PRIOR, s * m) + successes;
			double beta = Math.max(MIN_PRIOR, s * (1 - m)) + failures;
			mean[i] = alpha / (alpha + beta);
			bonus[i] = Sampling.beta(random, alpha, beta) - mean[i];
		}
		return new Recommender.Terms(mean, bonus, this.arms.totalPulls());
	}

}
