package dev.kairos.core.learn;

import java.util.Arrays;
import java.util.Objects;

/**
 * Logistic regression by plain online stochastic gradient descent (Bottou, "Large-Scale
 * Machine Learning with Stochastic Gradient Descent", COMPSTAT 2010) on the log-loss with
 * optional L2 regularisation: {@code w_i <- w_i - eta_t (g_i + lambda2 w_i)} for the
 * coordinates of {@code x}, with {@code g = (p - y) x} and one global step size
 * <ul>
 * <li>{@link Schedule#INVERSE_TIME}: {@code eta_t = eta0 / (1 + decay t)}</li>
 * <li>{@link Schedule#INVERSE_SQRT}: {@code eta_t = eta0 / sqrt(t + 1)}</li>
 * </ul>
 * where {@code t} counts previous updates.
 *
 * <p>
 * Deviations: the L2 term is applied lazily, only to the coordinates present in {@code x}
 * (the usual sparse shortcut, as in Vowpal Wabbit without its rescaling); the margin is
 * clipped to ±35 before the sigmoid. {@link #boostLearningRate(double)} rewinds {@code t}
 * so that {@code eta_t} grows by the factor.
 */
public final class SgdLogisticRegression implements OnlineClassifier {

	/** The learning-rate schedule. */
	public enum Schedule {

		/** {@code eta0 / (1 + decay t)}. */
		INVERSE_TIME,

		/** {@code eta0 / sqrt(t + 1)}; {@code decay} is ignored. */
		INVERSE_SQRT

	}

	private final int dimension;

	private final double eta0;

	private final double decay;

	private final Schedule schedule;

	private final double lambda2;

	private final double[] weights;

	/** The (possibly rewound) step count the schedule uses. */
	private double t;

	private long examples;

	/**
	 * @param dimension number of coordinates
	 * @param eta0 initial learning rate, &gt; 0
	 * @param decay decay of {@link Schedule#INVERSE_TIME}, &ge; 0
	 * @param schedule the learning-rate schedule
	 * @param lambda2 L2 strength, &ge; 0
	 */
	public SgdLogisticRegression(int dimension, double eta0, double decay, Schedule schedule, double lambda2) {
		this.dimension = Logistic.requireDimension(dimension);
		this.eta0 = Logistic.requirePositive("eta0", eta0);
		this.decay = Logistic.requireNonNegative("decay", decay);
		this.schedule = Objects.requireNonNull(schedule, "schedule");
		this.lambda2 = Logistic.requireNonNegative("lambda2", lambda2);
		this.weights = new double[dimension];
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
		double p = predict(x);
		double eta = learningRate();
		double error = p - label;
		for (int k = 0; k < x.size(); k++) {
			int i = x.index(k);
			double gradient = error * x.value(k) + this.lambda2 * this.weights[i];
			this.weights[i] -= eta * gradient;
		}
		this.t += 1.0;
		this.examples++;
	}

	/** The step size the next update will use. */
	public double learningRate() {
		return switch (this.schedule) {
			case INVERSE_TIME -> this.eta0 / (1.0 + this.decay * this.t);
			case INVERSE_SQRT -> this.eta0 / Math.sqrt(this.t + 1.0);
		};
	}

	@Override
	public void boostLearningRate(double factor) {
		Logistic.checkBoost(factor);
		this.t = switch (this.schedule) {
			// 1 + decay t' = (1 + decay t) / factor
			case INVERSE_TIME ->
				(this.decay == 0.0) ? this.t : Math.max(0.0, ((1.0 + this.decay * this.t) / factor - 1.0) / this.decay);
			// sqrt(t' + 1) = sqrt(t + 1) / factor
			case INVERSE_SQRT -> Math.max(0.0, (this.t + 1.0) / (factor * factor) - 1.0);
		};
	}

	@Override
	public void reset() {
		Arrays.fill(this.weights, 0.0);
		this.t = 0.0;
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
