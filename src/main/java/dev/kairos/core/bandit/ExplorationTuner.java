package dev.kairos.core.bandit;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.linalg.RidgeModel;

/**
 * A meta-bandit that chooses LinUCB's exploration strength α online from a grid, in the
 * spirit of HyperBandit-style and online hyper-parameter tuning (Bouneffouf &amp; Claeys
 * 2020, "Hyper-parameter tuning for the contextual bandit"; Ding et al. 2022, "Syndicated
 * bandits", NeurIPS): an outer EXP3 (Auer, Cesa-Bianchi, Freund &amp; Schapire 2002, "The
 * nonstochastic multiarmed bandit problem", SIAM J. Comput. 32(1), algorithm Exp3) over
 * the grid picks α each round; an inner shared LinUCB model (Li et al. 2010, Algorithm 1)
 * scores with it.
 *
 * <p>
 * Each round: {@code p_j = (1−γ)·w_j/Σw + γ/K}; draw j ~ p; rank by
 * {@code θᵀx + α_j·sqrt(xᵀA⁻¹x)}. Each reward r observed after that round updates the
 * shared inner statistics and credits ONLY the configuration j used in that round:
 * {@code w_j ← w_j·exp(γ·x̂/K)} with {@code x̂ = clip(r, 0, 1)/(k·p_j)} (the
 * importance-weighted estimate, divided by the slate size so a round's credit stays in
 * [0, 1/p_j]). Other configurations are not credited, since their slates were never
 * shown.
 *
 * <p>
 * Deviations: rewards are clipped to [0, 1] for the outer bandit only (the inner model
 * sees the raw reward); weights are kept as logarithms to avoid overflow; rewards
 * arriving before any round credit no configuration. Propensity: exact,
 * {@code Σ_j p_j·[arm in the top k under α_j]}, since every configuration's slate is
 * computable from the shared means and widths.
 */
public final class ExplorationTuner implements BanditPolicy {

	private final int dimension;

	private final double[] alphas;

	private final double gamma;

	private final RandomGenerator random;

	private final RidgeModel model;

	private final double[] logWeights;

	private final int[] timesUsed;

	private int roundConfig = -1;

	private double roundProbability;

	private int roundSlateSize;

	/**
	 * @param dimension d
	 * @param alphas the grid of exploration strengths, each not negative, at least one
	 * @param lambda the regulariser λ &gt; 0
	 * @param gamma EXP3's exploration γ in (0, 1]
	 * @param random the seeded random source
	 */
	public ExplorationTuner(int dimension, double[] alphas, double lambda, double gamma, RandomGenerator random) {
		if (alphas == null || alphas.length == 0) {
			throw new IllegalArgumentException("at least one alpha is required");
		}
		for (double a : alphas) {
			Ranking.requireNonNegative(a, "alpha");
		}
		if (!(gamma > 0 && gamma <= 1)) {
			throw new IllegalArgumentException("gamma must be in (0, 1], was " + gamma);
		}
		this.dimension = dimension;
		this.alphas = alphas.clone();
		this.gamma = gamma;
		this.random = Ranking.requireRandom(random);
		this.model = new RidgeModel(dimension, lambda);
		this.logWeights = new double[alphas.length];
		this.timesUsed = new int[alphas.length];
	}

	@Override
	public String name() {
		return "exploration-tuner";
	}

	/** The current EXP3 distribution over the grid. */
	public double[] probabilities() {
		int size = this.alphas.length;
		double max = Double.NEGATIVE_INFINITY;
		for (double w : this.logWeights) {
			max = Math.max(max, w);
		}
		double[] p = new double[size];
		double sum = 0;
		for (int j = 0; j < size; j++) {
			p[j] = Math.exp(this.logWeights[j] - max);
			sum += p[j];
		}
		for (int j = 0; j < size; j++) {
			p[j] = (1 - this.gamma) * p[j] / sum + this.gamma / size;
		}
		return p;
	}

	@Override
	public Slate select(List<Arm> candidates, int k) {
		Ranking.validate(candidates, k, this.dimension);
		int n = candidates.size();
		double[] mean = new double[n];
		double[] width = new double[n];
		this.model.meansAndWidths(LinUcb.features(candidates), n, mean, width);
		double[] p = probabilities();
		double u = this.random.nextDouble();
		int config = p.length - 1;
		double cumulative = 0;
		for (int j = 0; j < p.length; j++) {
			cumulative += p[j];
			if (u < cumulative) {
				config = j;
				break;
			}
		}
		double[] propensity = new double[n];
		double[] score = new double[n];
		int[] chosen = null;
		for (int j = 0; j < p.length; j++) {
			for (int i = 0; i < n; i++) {
				score[i] = mean[i] + this.alphas[j] * width[i];
			}
			int[] top = Ranking.topK(candidates, score, k);
			for (int index : top) {
				propensity[index] += p[j];
			}
			if (j == config) {
				chosen = top;
			}
		}
		double[] bonus = new double[n];
		for (int i = 0; i < n; i++) {
			bonus[i] = this.alphas[config] * width[i];
			score[i] = mean[i] + bonus[i];
		}
		this.roundConfig = config;
		this.roundProbability = p[config];
		this.roundSlateSize = Math.max(1, chosen.length);
		this.timesUsed[config]++;
		return Ranking.slate(candidates, chosen, mean, bonus, score, propensity);
	}

	@Override
	public void update(Arm arm, double reward) {
		Ranking.requireFinite(reward);
		Ranking.requireFeatures(arm, this.dimension);
		this.model.update(arm.features(), reward);
		if (this.roundConfig >= 0) {
			double clipped = Math.min(1.0, Math.max(0.0, reward));
			double estimate = clipped / (this.roundSlateSize * this.roundProbability);
			this.logWeights[this.roundConfig] += this.gamma * estimate / this.alphas.length;
		}
	}

	/** How many rounds each configuration was used in, in grid order. */
	public int[] timesUsed() {
		return this.timesUsed.clone();
	}

	/** The grid of α values. */
	public double[] alphas() {
		return this.alphas.clone();
	}

	/** The shared inner model's statistics, for storage. */
	public LinearStatistics statistics() {
		return this.model.statistics();
	}

	/** The shared inner model (restore, merge, drainDelta). */
	public RidgeModel model() {
		return this.model;
	}

}
