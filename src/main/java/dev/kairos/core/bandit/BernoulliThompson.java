package dev.kairos.core.bandit;

import dev.kairos.core.stats.Sampling;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Thompson sampling with Beta posteriors for Bernoulli rewards (Thompson 1933; Chapelle
 * &amp; Li 2011, "An empirical evaluation of Thompson sampling", Algorithm 2; Agrawal
 * &amp; Goyal 2012, Algorithm 1): each round draw {@code θ_i ~ Beta(α + S_i, β + F_i)}
 * and play the arms with the largest draws.
 *
 * <p>
 * Rewards must lie in [0, 1]. A fractional reward r counts as r successes and {@code 1−r}
 * failures ({@code S = Σ r}, {@code F = pulls − S}), the Bernoulli-trial extension of
 * Agrawal &amp; Goyal 2012 §2 done in expectation instead of by a coin flip. A slate of k
 * takes the k largest draws (ties by id).
 *
 * <p>
 * Propensity: the probability that an arm is among the k largest draws has no closed
 * form; it is estimated by Monte Carlo with {@code propensityDraws} (default 200) further
 * independent draws from the same seeded source plus the draw actually used, so a chosen
 * arm never gets 0. The estimate's standard error is at most {@code 0.5/sqrt(draws+1)}.
 */
public final class BernoulliThompson implements BanditPolicy {

	/** Default number of Monte Carlo draws for propensities. */
	public static final int DEFAULT_PROPENSITY_DRAWS = 200;

	private final double alpha;

	private final double beta;

	private final int propensityDraws;

	private final RandomGenerator random;

	private final ArmStatisticsTable statistics = new ArmStatisticsTable();

	/** Uniform prior Beta(1, 1), {@value #DEFAULT_PROPENSITY_DRAWS} propensity draws. */
	public BernoulliThompson(RandomGenerator random) {
		this(1.0, 1.0, DEFAULT_PROPENSITY_DRAWS, random);
	}

	/**
	 * @param alpha prior successes α &gt; 0
	 * @param beta prior failures β &gt; 0
	 * @param propensityDraws Monte Carlo draws for the propensity, not negative
	 * @param random the seeded random source
	 */
	public BernoulliThompson(double alpha, double beta, int propensityDraws, RandomGenerator random) {
		Ranking.requirePositive(alpha, "alpha");
		Ranking.requirePositive(beta, "beta");
		if (propensityDraws < 0) {
			throw new IllegalArgumentException("propensityDraws must not be negative, was " + propensityDraws);
		}
		this.alpha = alpha;
		this.beta = beta;
		this.propensityDraws = propensityDraws;
		this.random = Ranking.requireRandom(random);
	}

	@Override
	public String name() {
		return "bernoulli-thompson";
	}

	@Override
	public Slate select(List<Arm> candidates, int k) {
		Ranking.validate(candidates, k, -1);
		int n = candidates.size();
		double[] a = new double[n];
		double[] b = new double[n];
		double[] mean = new double[n];
		double[] bonus = new double[n];
		double[] score = new double[n];
		for (int i = 0; i < n; i++) {
			ArmStatistics s = this.statistics.get(candidates.get(i).id());
			a[i] = this.alpha + s.rewardSum();
			b[i] = this.beta + Math.max(0.0, s.pulls() - s.rewardSum());
			mean[i] = a[i] / (a[i] + b[i]);
			score[i] = Sampling.beta(this.random, a[i], b[i]);
			bonus[i] = score[i] - mean[i];
		}
		int[] chosen = Ranking.topK(candidates, score, k);
		double[] propensity = Ranking.sampledPropensities(candidates, chosen, k, this.propensityDraws, (draw) -> {
			for (int i = 0; i < n; i++) {
				draw[i] = Sampling.beta(this.random, a[i], b[i]);
			}
		});
		return Ranking.slate(candidates, chosen, mean, bonus, score, propensity);
	}

	@Override
	public void update(Arm arm, double reward) {
		Ranking.requireFinite(reward);
		if (reward < 0 || reward > 1) {
			throw new IllegalArgumentException("Bernoulli rewards must lie in [0, 1], was " + reward);
		}
		this.statistics.add(arm.id(), reward);
	}

	/** The per-arm statistics, for storage and merging. */
	public ArmStatisticsTable statistics() {
		return this.statistics;
	}

}
