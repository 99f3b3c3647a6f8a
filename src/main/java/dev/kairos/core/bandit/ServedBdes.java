package dev.kairos.core.bandit;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.kairos.core.linalg.RidgePosterior;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.ServingPolicy;

/**
 * {@link Bdes} as served: Kairos's own rule (not a published algorithm) for LinUCB's
 * exploration scale, {@code α_t = α_min + (α_max − α_min)·ρ} with ρ the candidates'
 * current uncertainty relative to the prior's, {@code Σ sqrt(xᵀA⁻¹x) / Σ ‖x‖/sqrt(λ)}.
 * Deterministic.
 *
 * @param posterior the shared model at this version
 * @param lambda the ridge regulariser λ the posterior was made with
 * @param minAlpha α_min ≥ 0
 * @param maxAlpha α_max ≥ α_min
 */
public record ServedBdes(RidgePosterior posterior, double lambda, double minAlpha,
		double maxAlpha) implements ServingPolicy {

	public ServedBdes {
		Ranking.requirePositive(lambda, "lambda");
		Ranking.requireNonNegative(minAlpha, "minAlpha");
		if (!(maxAlpha >= minAlpha) || Double.isInfinite(maxAlpha)) {
			throw new IllegalArgumentException("maxAlpha must be finite and at least minAlpha");
		}
	}

	@Override
	public String name() {
		return "bdes";
	}

	@Override
	public Recommender.Terms terms(List<String> itemIds, double[][] x, RandomGenerator random) {
		double[] mean = new double[x.length];
		double[] width = new double[x.length];
		this.posterior.meansAndWidths(x, mean, width);
		double alpha = alpha(x, width);
		for (int i = 0; i < x.length; i++) {
			width[i] *= alpha;
		}
		return new Recommender.Terms(mean, width, this.posterior.count());
	}

	/** The round's scale α_t for these candidates and their widths. */
	double alpha(double[][] x, double[] width) {
		double current = 0;
		double prior = 0;
		double scale = 1.0 / Math.sqrt(this.lambda);
		for (int i = 0; i < x.length; i++) {
			current += width[i];
			prior += LinUcb.norm(x[i]) * scale;
		}
		double rho = (prior > 0) ? Math.min(1.0, current / prior) : 1.0;
		return this.minAlpha + (this.maxAlpha - this.minAlpha) * rho;
	}

}
