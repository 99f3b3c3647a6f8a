package dev.kairos.core.bandit;

import dev.kairos.core.stats.Sampling;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Softmax (Boltzmann) exploration (Sutton &amp; Barto, <i>Reinforcement Learning</i>, 2nd
 * ed., §2.8; Luce 1959): arm i is drawn with probability
 * {@code p_i = exp(μ_i/τ) / Σ_j exp(μ_j/τ)}, μ_i its mean reward (a prior value for arms
 * never pulled) and τ the temperature.
 *
 * <p>
 * Sampling uses the Gumbel-max trick: the slate is the top k of {@code μ_i + τ·G_i} with
 * G_i standard Gumbel, which for k = 1 draws exactly from p and for k &gt; 1 draws a
 * Plackett–Luce ranking without replacement (Yellott 1977; Kool, van Hoof &amp; Welling
 * 2019). It needs no exponential, so it cannot overflow; {@code explorationBonus} reports
 * {@code τ·G_i} and {@code score} the perturbed value ranked by.
 *
 * <p>
 * Propensity: for k = 1 the exact {@code p_i}, computed with max-subtraction
 * (log-sum-exp) so means like 1e6 stay finite and sum to 1. For k &gt; 1 the
 * Plackett–Luce inclusion probability has no cheap closed form: it is estimated by Monte
 * Carlo with {@code propensityDraws} independent Gumbel-top-k draws from the same seeded
 * source plus the draw actually used (so a chosen arm never gets 0); the estimate's
 * standard error is at most {@code 0.5/sqrt(draws+1)}.
 */
public final class Softmax implements BanditPolicy {

	/** Default number of Monte Carlo draws for slate propensities. */
	public static final int DEFAULT_PROPENSITY_DRAWS = 200;

	private final double temperature;

	private final double priorMean;

	private final int propensityDraws;

	private final RandomGenerator random;

	private final ArmStatisticsTable statistics = new ArmStatisticsTable();

	/** Temperature τ, prior mean 0, {@value #DEFAULT_PROPENSITY_DRAWS} draws. */
	public Softmax(double temperature, RandomGenerator random) {
		this(temperature, 0.0, DEFAULT_PROPENSITY_DRAWS, random);
	}

	/**
	 * @param temperature τ &gt; 0; small is greedy, large is uniform
	 * @param priorMean the mean assumed for arms never pulled
	 * @param propensityDraws Monte Carlo draws for k &gt; 1, not negative
	 * @param random the seeded random source
	 */
	public Softmax(double temperature, double priorMean, int propensityDraws, RandomGenerator random) {
		Ranking.requirePositive(temperature, "temperature");
		Ranking.requireFinite(priorMean);
		if (propensityDraws < 0) {
			throw new IllegalArgumentException("propensityDraws must not be negative, was " + propensityDraws);
		}
		this.temperature = temperature;
		this.priorMean = priorMean;
		this.propensityDraws = propensityDraws;
		this.random = Ranking.requireRandom(random);
	}

	@Override
	public String name() {
		return "softmax";
	}

	@Override
	public Slate select(List<Arm> candidates, int k) {
		Ranking.validate(candidates, k, -1);
		int n = candidates.size();
		if (n == 0) {
			return Ranking.empty();
		}
		double[] mean = new double[n];
		double[] bonus = new double[n];
		double[] score = new double[n];
		for (int i = 0; i < n; i++) {
			mean[i] = this.statistics.get(candidates.get(i).id()).mean(this.priorMean);
			bonus[i] = this.temperature * Sampling.gumbel(this.random);
			score[i] = mean[i] + bonus[i];
		}
		int[] chosen = Ranking.topK(candidates, score, k);
		double[] propensity;
		if (chosen.length == n) {
			propensity = Ranking.deterministicPropensities(n, chosen);
		}
		else if (k == 1) {
			propensity = probabilities(mean, this.temperature);
		}
		else {
			propensity = monteCarloInclusion(candidates, mean, chosen, k);
		}
		return Ranking.slate(candidates, chosen, mean, bonus, score, propensity);
	}

	/** The Boltzmann distribution of the means at temperature τ, by log-sum-exp. */
	static double[] probabilities(double[] mean, double temperature) {
		double max = Double.NEGATIVE_INFINITY;
		for (double m : mean) {
			max = Math.max(max, m);
		}
		double[] p = new double[mean.length];
		double sum = 0;
		for (int i = 0; i < mean.length; i++) {
			p[i] = Math.exp((mean[i] - max) / temperature);
			sum += p[i];
		}
		for (int i = 0; i < p.length; i++) {
			p[i] /= sum;
		}
		return p;
	}

	private double[] monteCarloInclusion(List<Arm> candidates, double[] mean, int[] chosen, int k) {
		int n = mean.length;
		int[] counts = new int[n];
		for (int index : chosen) {
			counts[index]++;
		}
		double[] perturbed = new double[n];
		for (int draw = 0; draw < this.propensityDraws; draw++) {
			for (int i = 0; i < n; i++) {
				perturbed[i] = mean[i] + this.temperature * Sampling.gumbel(this.random);
			}
			Ranking.countTopK(candidates, perturbed, k, counts);
		}
		double[] propensity = new double[n];
		for (int i = 0; i < n; i++) {
			propensity[i] = counts[i] / (double) (this.propensityDraws + 1);
		}
		return propensity;
	}

	@Override
	public void update(Arm arm, double reward) {
		Ranking.requireFinite(reward);
		this.statistics.add(arm.id(), reward);
	}

	/** The per-arm statistics, for storage and merging. */
	public ArmStatisticsTable statistics() {
		return this.statistics;
	}

}
