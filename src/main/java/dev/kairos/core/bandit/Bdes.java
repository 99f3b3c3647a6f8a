package dev.kairos.core.bandit;

import java.util.List;

import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.linalg.RidgeModel;

/**
 * LinUCB with an exploration scale adapted each round from the model's current
 * uncertainty over the candidates — the idea of B-DES (bandits with a dynamic exploration
 * scale) as named in the Kairos design (§5); this class implements our own rule, written
 * down here exactly, not a published algorithm.
 *
 * <p>
 * The rule, for the candidates {@code x_1..x_n} of the round, with
 * {@code A = λI + Σ x xᵀ} the shared ridge model of {@link LinUcb} (Li et al. 2010,
 * Algorithm 1):
 * <ol>
 * <li>current uncertainty {@code U = Σ_i sqrt(x_iᵀ A⁻¹ x_i)};</li>
 * <li>prior uncertainty {@code U₀ = Σ_i ‖x_i‖ / sqrt(λ)}, the same sum with no data
 * ({@code A = λI});</li>
 * <li>relative uncertainty {@code ρ = U / U₀} ∈ (0, 1] (since {@code A ⪰ λI}); ρ = 1 if
 * all candidates are zero;</li>
 * <li>exploration scale {@code α_t = α_min + (α_max − α_min)·ρ};</li>
 * <li>score {@code θᵀx_i + α_t·sqrt(x_iᵀ A⁻¹ x_i)}, slate = the k best (ties by id).</li>
 * </ol>
 * A fresh model (or a round of novel candidates) explores with {@code α_max}; as the
 * candidates become well known the scale falls towards {@code α_min}, so exploration
 * shrinks faster than the confidence widths alone would make it. ρ depends only on the
 * statistics and this round's candidates, so the policy stays deterministic. Propensity:
 * deterministic, 1/0.
 */
public final class Bdes implements BanditPolicy {

	private final int dimension;

	private final double minAlpha;

	private final double maxAlpha;

	private final RidgeModel model;

	private double lastAlpha;

	/**
	 * @param dimension d
	 * @param minAlpha α_min, not negative
	 * @param maxAlpha α_max ≥ α_min
	 * @param lambda the regulariser λ &gt; 0
	 */
	public Bdes(int dimension, double minAlpha, double maxAlpha, double lambda) {
		Ranking.requireNonNegative(minAlpha, "minAlpha");
		Ranking.requireNonNegative(maxAlpha, "maxAlpha");
		if (maxAlpha < minAlpha) {
			throw new IllegalArgumentException("maxAlpha must be at least minAlpha");
		}
		this.dimension = dimension;
		this.minAlpha = minAlpha;
		this.maxAlpha = maxAlpha;
		this.model = new RidgeModel(dimension, lambda);
		this.lastAlpha = maxAlpha;
	}

	@Override
	public String name() {
		return "bdes";
	}

	@Override
	public Slate select(List<Arm> candidates, int k) {
		Ranking.validate(candidates, k, this.dimension);
		int n = candidates.size();
		double[] mean = new double[n];
		double[] width = new double[n];
		double[] score = new double[n];
		double current = 0;
		double prior = 0;
		double priorScale = 1.0 / Math.sqrt(this.model.lambda());
		this.model.meansAndWidths(LinUcb.features(candidates), n, mean, width);
		for (int i = 0; i < n; i++) {
			current += width[i];
			prior += LinUcb.norm(candidates.get(i).features()) * priorScale;
		}
		double rho = (prior > 0) ? Math.min(1.0, current / prior) : 1.0;
		double alpha = this.minAlpha + (this.maxAlpha - this.minAlpha) * rho;
		this.lastAlpha = alpha;
		for (int i = 0; i < n; i++) {
			width[i] *= alpha;
			score[i] = mean[i] + width[i];
		}
		int[] chosen = Ranking.topK(candidates, score, k);
		return Ranking.slate(candidates, chosen, mean, width, score, Ranking.deterministicPropensities(n, chosen));
	}

	@Override
	public void update(Arm arm, double reward) {
		Ranking.requireFinite(reward);
		Ranking.requireFeatures(arm, this.dimension);
		this.model.update(arm.features(), reward);
	}

	/** The scale α_t used in the last round (α_max before the first). */
	public double lastAlpha() {
		return this.lastAlpha;
	}

	/** The model's statistics, for storage. */
	public LinearStatistics statistics() {
		return this.model.statistics();
	}

	/** The model itself (restore, merge, drainDelta). */
	public RidgeModel model() {
		return this.model;
	}

}
