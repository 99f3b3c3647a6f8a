package dev.kairos.core.learn;

import java.util.Arrays;

/**
 * Logistic regression by FTRL-Proximal with per-coordinate learning rates, exactly
 * Algorithm 1 of McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD
 * 2013. Per coordinate it keeps {@code z_i} and {@code n_i}; weights are computed lazily
 * when a coordinate is used:
 *
 * <pre>
 * w_i = 0                                                    if |z_i| &lt;= lambda1
 * w_i = -(z_i - sgn(z_i) lambda1) / ((beta + sqrt(n_i)) / alpha + lambda2)   otherwise
 * p   = sigmoid(x . w)
 * for i in x:  g_i = (p - y) x_i
 *              sigma_i = (sqrt(n_i + g_i^2) - sqrt(n_i)) / alpha
 *              z_i += g_i - sigma_i w_i
 *              n_i += g_i^2
 * </pre>
 *
 * The L1 term makes many weights exactly zero.
 *
 * <p>
 * Deviations: the margin is clipped to ±35 before the sigmoid (the paper bounds it too in
 * practice). {@link #boostLearningRate(double)} divides {@code n_i} by {@code factor^2},
 * so the per-coordinate rate {@code alpha / (beta + sqrt(n_i))} grows by about the
 * factor, and recomputes {@code z_i} from the current weight so that no weight changes; a
 * coordinate whose weight is zero keeps its {@code z_i}.
 */
public final class FtrlProximal implements OnlineClassifier {

	private final int dimension;

	private final double alpha;

	private final double beta;

	private final double lambda1;

	private final double lambda2;

	private final double[] z;

	private final double[] n;

	private long examples;

	/**
	 * @param dimension number of coordinates
	 * @param alpha learning-rate scale, &gt; 0 (the paper's alpha)
	 * @param beta learning-rate smoothing, &ge; 0 (the paper suggests 1)
	 * @param lambda1 L1 strength, &ge; 0
	 * @param lambda2 L2 strength, &ge; 0
	 */
	public FtrlProximal(int dimension, double alpha, double beta, double lambda1, double lambda2) {
		this.dimension = Logistic.requireDimension(dimension);
		this.alpha = Logistic.requirePositive("alpha", alpha);
		this.beta = Logistic.requireNonNegative("beta", beta);
		this.lambda1 = Logistic.requireNonNegative("lambda1", lambda1);
		this.lambda2 = Logistic.requireNonNegative("lambda2", lambda2);
		if (beta == 0.0 && lambda2 == 0.0) {
			// (beta + sqrt(0)) / alpha + lambda2 would be 0 for an unseen coordinate with
			// |z| > lambda1
			throw new IllegalArgumentException("beta and lambda2 must not both be 0");
		}
		this.z = new double[dimension];
		this.n = new double[dimension];
	}

	@Override
	public int dimension() {
		return this.dimension;
	}

	/**
	 * The current weight of coordinate {@code i}, computed from {@code z_i} and
	 * {@code n_i}.
	 */
	public double weight(int i) {
		double zi = this.z[i];
		if (Math.abs(zi) <= this.lambda1) {
			return 0.0;
		}
		return -(zi - Math.signum(zi) * this.lambda1)
				/ ((this.beta + Math.sqrt(this.n[i])) / this.alpha + this.lambda2);
	}

	@Override
	public double predict(SparseVector x) {
		Logistic.checkDimension(x, this.dimension);
		double margin = 0.0;
		for (int k = 0; k < x.size(); k++) {
			margin += weight(x.index(k)) * x.value(k);
		}
		return Logistic.sigmoid(margin);
	}

	@Override
	public void learn(SparseVector x, double label) {
		Logistic.checkLabel(label);
		Logistic.checkDimension(x, this.dimension);
		int size = x.size();
		double[] w = new double[size];
		double margin = 0.0;
		for (int k = 0; k < size; k++) {
			w[k] = weight(x.index(k));
			margin += w[k] * x.value(k);
		}
		double error = Logistic.sigmoid(margin) - label;
		for (int k = 0; k < size; k++) {
			int i = x.index(k);
			double g = error * x.value(k);
			double sigma = (Math.sqrt(this.n[i] + g * g) - Math.sqrt(this.n[i])) / this.alpha;
			this.z[i] += g - sigma * w[k];
			this.n[i] += g * g;
		}
		this.examples++;
	}

	@Override
	public void boostLearningRate(double factor) {
		Logistic.checkBoost(factor);
		double shrink = 1.0 / (factor * factor);
		for (int i = 0; i < this.dimension; i++) {
			double w = weight(i);
			this.n[i] *= shrink;
			if (w != 0.0) {
				// invert the weight formula with the new n_i so that w_i is unchanged
				this.z[i] = -w * ((this.beta + Math.sqrt(this.n[i])) / this.alpha + this.lambda2)
						- Math.signum(w) * this.lambda1;
			}
		}
	}

	@Override
	public void reset() {
		Arrays.fill(this.z, 0.0);
		Arrays.fill(this.n, 0.0);
		this.examples = 0;
	}

	@Override
	public long examplesSeen() {
		return this.examples;
	}

	/** The number of coordinates whose weight is exactly zero. */
	public int zeroWeights() {
		int zeros = 0;
		for (int i = 0; i < this.dimension; i++) {
			if (Math.abs(this.z[i]) <= this.lambda1) {
				zeros++;
			}
		}
		return zeros;
	}

}
