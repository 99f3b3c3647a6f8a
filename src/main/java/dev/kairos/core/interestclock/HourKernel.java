package dev.kairos.core.interestclock;

/**
 * The circular Gaussian kernel of the Interest Clock (Zhu et al., "Interest Clock: Time
 * Perception in Real-Time Streaming Recommendation System", SIGIR 2024, §3): the weight
 * of hourly bucket {@code j} when reading at hour {@code h} is
 * {@code exp(-d^2 / (2 sigma^2))}, {@code d = min(|h - j|, 24 - |h - j|)} the distance on
 * the 24-hour circle, normalised so the 24 weights sum to 1. {@code h} may be fractional.
 *
 * <p>
 * Numerically, the exponent is taken relative to the nearest bucket's, which cancels in
 * the normalisation and keeps a tiny sigma from underflowing every weight to zero.
 */
public final class HourKernel {

	/** Number of hourly buckets. */
	public static final int HOURS = 24;

	private HourKernel() {
	}

	/** {@code hour} reduced into [0, 24), so 24 reads as 0 and -1 as 23. */
	public static double wrap(double hour) {
		if (!Double.isFinite(hour)) {
			throw new IllegalArgumentException("hour must be finite: " + hour);
		}
		double wrapped = hour % HOURS;
		if (wrapped < 0.0) {
			wrapped += HOURS;
		}
		// -1e-18 % 24 + 24 rounds to 24.0
		return (wrapped >= HOURS) ? 0.0 : wrapped;
	}

	/** The circular distance between two hours, in [0, 12]. */
	public static double distance(double a, double b) {
		double d = Math.abs(wrap(a) - wrap(b));
		return Math.min(d, HOURS - d);
	}

	/** The 24 normalised weights for reading at {@code hour} with width {@code sigma}. */
	public static double[] weights(double hour, double sigma) {
		double h = wrap(hour);
		double[] squared = new double[HOURS];
		double nearest = Double.POSITIVE_INFINITY;
		for (int j = 0; j < HOURS; j++) {
			double d = distance(h, j);
			squared[j] = d * d;
			nearest = Math.min(nearest, squared[j]);
		}
		double[] weights = new double[HOURS];
		double sum = 0.0;
		double scale = 2.0 * sigma * sigma;
		for (int j = 0; j < HOURS; j++) {
			weights[j] = Math.exp(-(squared[j] - nearest) / scale);
			sum += weights[j];
		}
		for (int j = 0; j < HOURS; j++) {
			weights[j] /= sum;
		}
		return weights;
	}

}
