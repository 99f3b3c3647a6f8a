package dev.kairos.core.learn;

/**
 * Binary cross-entropy, the loss the learners minimise and the metric of CTR models:
 * {@code -(y ln p + (1 - y) ln(1 - p))}, with {@code p} clipped to
 * {@code [1e-15, 1 - 1e-15]} as scikit-learn's {@code log_loss} does.
 */
public final class LogLoss {

	private static final double EPSILON = 1e-15;

	private LogLoss() {
	}

	/**
	 * The log-loss of predicting {@code p} when the label is {@code y} (both in [0, 1]).
	 */
	public static double of(double p, double y) {
		double q = Math.max(EPSILON, Math.min(1.0 - EPSILON, p));
		return -(y * Math.log(q) + (1.0 - y) * Math.log(1.0 - q));
	}

}
