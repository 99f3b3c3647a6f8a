package dev.kairos.core.bandit;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.linalg.RidgeModel;

/**
 * Thompson sampling for linear payoffs (Agrawal &amp; Goyal 2013, "Thompson sampling for
 * contextual bandits with linear payoffs", ICML, Algorithm 1): each round draw
 * {@code θ̃ ~ N(θ̂, v² B⁻¹)} with {@code B = λI + Σ x xᵀ}, {@code θ̂ = B⁻¹ Σ r x}, and
 * play the arms maximising {@code xᵀθ̃}. The draw is {@code θ̂ + v L⁻ᵀ z}, L the Cholesky
 * factor of B (O(d²) once the factor is cached, O(d³) after each change).
 *
 * <p>
 * Deviations: one shared θ (the paper's setting, arm identity in the features); v is a
 * parameter instead of {@code R·sqrt(24 d ln(1/δ)/ε)}, which is far too conservative in
 * practice; λ is a parameter (1 in the paper); slates take the k largest sampled scores
 * (ties by id). {@code expectedReward} is {@code xᵀθ̂} and {@code explorationBonus} is
 * {@code xᵀ(θ̃ − θ̂)}.
 *
 * <p>
 * Propensity: estimated by Monte Carlo with {@code propensityDraws} further independent
 * draws of θ̃ from the same seeded source plus the draw actually used (so a chosen arm
 * never gets 0); standard error at most {@code 0.5/sqrt(draws+1)}. Each draw costs O(d² +
 * n·d); 0 draws gives the crude 1/0 indicator of the actual draw.
 */
public final class LinearThompson implements BanditPolicy {

	/** Default number of Monte Carlo draws for propensities. */
	public static final int DEFAULT_PROPENSITY_DRAWS = 100;

	private final int dimension;

	private final double v;

	private final int propensityDraws;

	private final RandomGenerator random;

	private final RidgeModel model;

	private final double[] sample;

	/** {@value #DEFAULT_PROPENSITY_DRAWS} propensity draws. */
	public LinearThompson(int dimension, double v, double lambda, RandomGenerator random) {
		this(dimension, v, lambda, DEFAULT_PROPENSITY_DRAWS, random);
	}

	/**
	 * @param dimension d
	 * @param v the posterior scale v ≥ 0 (0 always plays the posterior mean: greedy)
	 * @param lambda the ridge regulariser λ &gt; 0
	 * @param propensityDraws Monte Carlo draws for propensities, not negative
	 * @param random the seeded random source
	 */
	public LinearThompson(int dimension, double v, double lambda, int propensityDraws, RandomGenerator random) {
		Ranking.requireNonNegative(v, "v");
		if (propensityDraws < 0) {
			throw new IllegalArgumentException("propensityDraws must not be negative, was " + propensityDraws);
		}
		this.dimension = dimension;
		this.v = v;
		this.propensityDraws = propensityDraws;
		this.random = Ranking.requireRandom(random);
		this.model = new RidgeModel(dimension, lambda);
		this.sample = new double[dimension];
	}

	@Override
	public String name() {
		return "linear-thompson";
	}

	@Override
	public Slate select(List<Arm> candidates, int k) {
		Ranking.validate(candidates, k, this.dimension);
		int n = candidates.size();
		double[] mean = new double[n];
		double[] bonus = new double[n];
		double[] score = new double[n];
		this.model.sampleTheta(this.random, this.v, this.sample);
		for (int i = 0; i < n; i++) {
			double[] x = candidates.get(i).features();
			mean[i] = this.model.mean(x);
			score[i] = dot(this.sample, x);
			bonus[i] = score[i] - mean[i];
		}
		int[] chosen = Ranking.topK(candidates, score, k);
		double[] propensity = Ranking.sampledPropensities(candidates, chosen, k, this.propensityDraws, (draw) -> {
			this.model.sampleTheta(this.random, this.v, this.sample);
			for (int i = 0; i < n; i++) {
				draw[i] = dot(this.sample, candidates.get(i).features());
			}
		});
		return Ranking.slate(candidates, chosen, mean, bonus, score, propensity);
	}

	@Override
	public void update(Arm arm, double reward) {
		Ranking.requireFinite(reward);
		Ranking.requireFeatures(arm, this.dimension);
		this.model.update(arm.features(), reward);
	}

	/** The model's statistics, for storage. */
	public LinearStatistics statistics() {
		return this.model.statistics();
	}

	/** The model itself (restore, merge, drainDelta). */
	public RidgeModel model() {
		return this.model;
	}

	private static double dot(double[] a, double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) {
			s += a[i] * b[i];
		}
		return s;
	}

}
