package dev.kairos.core.bandit;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.kairos.core.linalg.RidgePosterior;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.ServingPolicy;

/**
 * Linear Thompson sampling as served ({@link LinearThompson}; Agrawal &amp; Goyal 2013):
 * one draw {@code θ̃ ~ N(θ, v²A⁻¹)} per request, expected reward {@code θᵀx} and bonus
 * {@code xᵀθ̃ − θᵀx}. Randomised: the draws come from the request's source (a per-replica
 * seeded generator split per request), never from a generator re-created per model
 * version, so the sequence does not restart when the model moves and replicas do not draw
 * alike.
 *
 * @param posterior the model at this version
 * @param v the posterior scale v ≥ 0
 */
public record ServedLinearThompson(RidgePosterior posterior, double v) implements ServingPolicy {

	public ServedLinearThompson {
		Ranking.requireNonNegative(v, "v");
	}

	@Override
	public String name() {
		return "linear-thompson";
	}

	@Override
	public boolean randomized() {
		return true;
	}

	@Override
	public Recommender.Terms terms(List<String> itemIds, double[][] x, RandomGenerator random) {
		double[] mean = new double[x.length];
		double[] widths = new double[x.length];
		this.posterior.meansAndWidths(x, mean, widths);
		double[] draw = this.posterior.sampleTheta(random, this.v);
		double[] bonus = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			double s = 0;
			for (int j = 0; j < draw.length; j++) {
				s += draw[j] * x[i][j];
			}
			bonus[i] = s - mean[i];
		}
		return new Recommender.Terms(mean, bonus, this.posterior.count());
	}

}
