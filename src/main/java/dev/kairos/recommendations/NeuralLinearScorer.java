package dev.kairos.recommendations;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.kairos.core.embedding.TowerSnapshot;
import dev.kairos.core.embedding.TowerTrainer;
import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.linalg.RidgePosterior;
import dev.kairos.core.ranking.CandidateSignals;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.ServingPolicy;

/**
 * The {@code neural-linear} policy's terms (Riquelme, Tucker, Snoek, "Deep Bayesian
 * Bandits Showdown", ICLR 2018; {@link dev.kairos.core.bandit.NeuralLinear}): linear
 * Thompson sampling over {@code z = [u ⊙ v, x]}, the two towers' element-wise product and
 * the ranking's features, with the layer's statistics the worker learned beside the
 * towers and published with them ({@link TowerSnapshot#neuralLinear()}). Its posterior is
 * computed once per published version. Without towers (embeddings off, or nothing
 * published yet) it is linear Thompson sampling on {@code x} with the shared model.
 */
final class NeuralLinearScorer {

	/** The policy's name. */
	static final String NAME = "neural-linear";

	private final double lambda;

	private final double scale;

	/** The towers and the posterior of their layer, computed for them. */
	private volatile Cached cached;

	private record Cached(TowerSnapshot towers, RidgePosterior posterior) {
	}

	/**
	 * @param lambda the ridge regulariser
	 * @param scale the posterior scale of the Thompson draws
	 */
	NeuralLinearScorer(double lambda, double scale) {
		this.lambda = lambda;
		this.scale = scale;
	}

	/**
	 * The policy of one request: over the snapshot's towers, or the fallback (linear
	 * Thompson sampling on the shared model) where there are none. Randomised: its
	 * propensities are estimated by drawing again.
	 */
	ServingPolicy policy(ServingSnapshot snapshot, ServingPolicy fallback) {
		return new ServingPolicy() {

			@Override
			public String name() {
				return NAME;
			}

			@Override
			public boolean randomized() {
				return true;
			}

			@Override
			public Recommender.Terms terms(List<String> itemIds, double[][] x, RandomGenerator random) {
				return fallback.terms(itemIds, x, random);
			}

			@Override
			public Recommender.Terms terms(List<String> itemIds, double[][] x, float[] userVector,
					List<CandidateSignals> candidates, RandomGenerator random) {
				TowerSnapshot towers = snapshot.towers();
				RidgePosterior posterior = (towers != null && userVector != null) ? posterior(towers, x) : null;
				if (posterior == null) {
					return fallback.terms(itemIds, x, random);
				}
				double[][] z = new double[x.length][];
				float[] unknown = new float[towers.dimension()];
				for (int i = 0; i < x.length; i++) {
					float[] v = towers.itemVector(candidates.get(i).itemId());
					z[i] = TowerTrainer.neuralLinearFeatures(userVector, (v != null) ? v : unknown, x[i]);
				}
				double[] mean = new double[z.length];
				double[] widths = new double[z.length];
				posterior.meansAndWidths(z, mean, widths);
				double[] draw = posterior.sampleTheta(random, NeuralLinearScorer.this.scale);
				double[] bonus = new double[z.length];
				for (int i = 0; i < z.length; i++) {
					double s = 0;
					for (int j = 0; j < draw.length; j++) {
						s += draw[j] * z[i][j];
					}
					bonus[i] = s - mean[i];
				}
				return new Recommender.Terms(mean, bonus, posterior.count());
			}

		};
	}

	/** The layer's posterior for these towers, or {@code null} if they carry none. */
	private RidgePosterior posterior(TowerSnapshot towers, double[][] x) {
		Cached c = this.cached;
		if (c != null && c.towers() == towers) {
			return c.posterior();
		}
		LinearStatistics statistics = towers.neuralLinear();
		if (statistics == null || x.length == 0 || statistics.dimension() != towers.dimension() + x[0].length) {
			return null;
		}
		RidgePosterior posterior = RidgePosterior.of(statistics, this.lambda);
		this.cached = new Cached(towers, posterior);
		return posterior;
	}

}
