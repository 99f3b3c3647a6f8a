package dev.kairos.core.learn;

import java.util.Arrays;

/**
 * Logistic regression by diagonal AdaGrad (Duchi, Hazan and Singer, "Adaptive Subgradient
 * Methods for Online Learning and Stochastic Optimization", JMLR 12, 2011, the diagonal
 * composite-mirror-descent update with {@code H = delta I + diag(G)^{1/2}}): per
 * coordinate {@code G_i += g_i^2} and
 * {@code w_i <- w_i - eta g_i / (epsilon + sqrt(G_i))}, with
 * {@code g = (p - y) x + lambda2 w} on the coordinates of {@code x}.
 *
 * <p>
 * Deviations: L2 is applied lazily to the coordinates present in {@code x} as part of the
 * gradient (not the proximal form); the margin is clipped to ±35.
 * {@link #boostLearningRate(double)} divides every {@code G_i} by {@code factor^2}, which
 * multiplies each per-coordinate rate by about the factor while keeping the weights.
 * Compare {@code oracle/tribuo: org.tribuo.math.optimisers.AdaGrad}.
 */
public final class AdaGradLogisticRegression implements OnlineClassifier {

	private final int dimension;

	private final double eta;

	private final double epsilon;

	private final double lambda2;

	private final double[] weights;

	private final double[] squaredGradientSums;

	private long examples;

	/**
	 * @param dimension number of coordinates
	 * @param eta base learning rate, &gt; 0
	 * @param epsilon added to the denominator, &gt; 0 (such as 1e-8... 1)
	 * @param lambda2 L2 strength, &ge; 0
	 */
	public AdaGradLogisticRegression(int dimension, double eta, double epsilon, double lambda2) {
		this.dimension = Logistic.requireDimension(dimension);
		this.eta = Logistic.requirePositive("eta", eta);
		this.epsilon = Logistic.requirePositive("epsilon", epsilon);
		this.lambda2 = Logistic.requireNonNegative("lambda2", lambda2);
		this.weights = new double[dimension];
		this.squaredGradientSums = new double[dimension];
	}

	@Override
	public int dimension() {
		return this.dimension;
	}

	@Override
	public double predict(SparseVector x) {
		Logistic.checkDimension(x, this.dimension);
		return Logistic.sigmoid(x.dot(this.weights));
	}

	@Override
	public void learn(SparseVector x, double label) {
		Logistic.checkLabel(label);
		double error = predict(x) - label;
		for (int k = 0; k < x.size(); k++) {
			int i = x.index(k);
			double g = error * x.value(k) + this.lambda2 * this.weights[i];
			this.squaredGradientSums[i] += g * g;
			this.weights[i] -= this.eta * g / (this.epsilon + Math.sqrt(this.squaredGradientSums[i]));
		}
		this.examples++;
	}

	@Override
	public void boostLearningRate(double factor) {
		Logistic.checkBoost(factor);
		double shrink = 1.0 / (factor * factor);
		for (int i = 0; i < this.dimension; i++) {
			this.squaredGradientSums[i] *= shrink;
		}
	}

	@Override
	public void reset() {
		Arrays.fill(this.weights, 0.0);
		Arrays.fill(this.squaredGradientSums, 0.0);
		this.examples = 0;
	}

	@Override
	public long examplesSeen() {
		return this.examples;
	}

	/** The weight of coordinate {@code i}. */
	public double weight(int i) {
		return this.weights[i];
	}

}
