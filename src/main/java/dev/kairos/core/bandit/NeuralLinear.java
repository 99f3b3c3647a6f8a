package dev.kairos.core.bandit;

import java.util.List;
import java.util.random.RandomGenerator;

import dev.kairos.core.linalg.LinearStatistics;

/**
 * The neural-linear bandit (Riquelme, Tucker, Snoek, "Deep Bayesian Bandits Showdown",
 * ICLR 2018): exploration by Bayesian linear regression on a learned representation. Here
 * the representation is the two-tower model's (the {@code dev.kairos.core.embedding}
 * package): for a user vector {@code u} and an item vector {@code v}, the arm's features
 * are {@code z = [u ⊙ v, x]}, the element-wise product of the towers (whose sum is the
 * towers' own score, so the linear layer can re-weigh each embedding dimension) followed
 * by the ranking's hand-made features {@code x}. Linear Thompson sampling
 * ({@link LinearThompson}) explores on {@code z}.
 *
 * <p>
 * Deviations: the paper retrains the network and refits the last layer from the whole
 * history every so often; here the towers train online in the worker and the linear layer
 * keeps learning on whatever representation was current when each reward came, so old
 * statistics describe a drifting representation. {@link #discount} forgets them at the
 * rate the caller chooses (1 keeps everything).
 */
public final class NeuralLinear implements BanditPolicy {

	private final int embeddingDimension;

	private final int featureDimension;

	private final LinearThompson linear;

	/**
	 * @param embeddingDimension the towers' dimension {@code d_e}
	 * @param featureDimension the hand-made features' dimension {@code d_x}
	 * @param v the posterior scale of the Thompson draws
	 * @param lambda the ridge regulariser
	 * @param random the seeded random source
	 */
	public NeuralLinear(int embeddingDimension, int featureDimension, double v, double lambda, RandomGenerator random) {
		if (embeddingDimension < 1 || featureDimension < 0) {
			throw new IllegalArgumentException(
					"dimensions must be positive: " + embeddingDimension + ", " + featureDimension);
		}
		this.embeddingDimension = embeddingDimension;
		this.featureDimension = featureDimension;
		this.linear = new LinearThompson(embeddingDimension + featureDimension, v, lambda, random);
	}

	/** The dimension of the features an {@link Arm} must carry. */
	public int dimension() {
		return this.embeddingDimension + this.featureDimension;
	}

	/**
	 * An arm's features {@code [u ⊙ v, x]}.
	 * @param user the user tower's vector
	 * @param item the item tower's vector (zeros for an item the towers do not know)
	 * @param features the hand-made features
	 */
	public double[] features(float[] user, float[] item, double[] features) {
		if (user.length != this.embeddingDimension || item.length != this.embeddingDimension
				|| features.length != this.featureDimension) {
			throw new IllegalArgumentException("expected " + this.embeddingDimension + " + " + this.featureDimension
					+ " dimensions, got " + user.length + ", " + item.length + ", " + features.length);
		}
		double[] z = new double[dimension()];
		for (int k = 0; k < this.embeddingDimension; k++) {
			z[k] = (double) user[k] * item[k];
		}
		System.arraycopy(features, 0, z, this.embeddingDimension, this.featureDimension);
		return z;
	}

	@Override
	public String name() {
		return "neural-linear";
	}

	@Override
	public Slate select(List<Arm> candidates, int k) {
		return this.linear.select(candidates, k);
	}

	@Override
	public void update(Arm arm, double reward) {
		this.linear.update(arm, reward);
	}

	/** Forgets old statistics: {@code A ← γA}, {@code b ← γb} (γ in (0, 1]). */
	public void discount(double gamma) {
		this.linear.model().discount(gamma);
	}

	/** The linear layer's statistics, for storage. */
	public LinearStatistics statistics() {
		return this.linear.model().statistics();
	}

	/** Restores stored statistics of the linear layer. */
	public void restore(LinearStatistics statistics) {
		this.linear.model().restore(statistics);
	}

}
