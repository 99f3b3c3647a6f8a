package dev.kairos.core.stats;

/**
 * A quantile estimated from a cumulative histogram, the way Prometheus'
 * {@code histogram_quantile} does: find the bucket the rank {@code q · total} falls in
 * and interpolate linearly between its lower and upper bound (the first bucket's lower
 * bound is 0). A rank beyond the last finite bound (in the implicit {@code +Inf} bucket)
 * reads as that bound: the histogram cannot say more.
 *
 * <p>
 * The estimate is only as fine as the buckets: with bounds 5, 10, 25 ms a p50 of "7.5 ms"
 * means "somewhere between 5 and 10 ms".
 */
public final class HistogramQuantile {

	private HistogramQuantile() {
	}

	/**
	 * @param upperBounds finite bucket upper bounds, ascending
	 * @param cumulativeCounts observations at or below each bound (non-decreasing)
	 * @param total all observations, including those above the last bound
	 * @param q the quantile, in [0, 1]
	 * @return the estimate, or NaN when there are no observations or no buckets
	 */
	public static double estimate(double[] upperBounds, double[] cumulativeCounts, double total, double q) {
		if (upperBounds.length != cumulativeCounts.length) {
			throw new IllegalArgumentException("bounds and counts differ in length");
		}
		if (!(q >= 0 && q <= 1)) {
			throw new IllegalArgumentException("q must be in [0, 1]: " + q);
		}
		if (upperBounds.length == 0 || !(total > 0)) {
			return Double.NaN;
		}
		double rank = q * total;
		double lowerBound = 0;
		double below = 0;
		for (int i = 0; i < upperBounds.length; i++) {
			double count = cumulativeCounts[i];
			if (count >= rank && count > below) {
				return lowerBound + (upperBounds[i] - lowerBound) * (rank - below) / (count - below);
			}
			lowerBound = upperBounds[i];
			below = count;
		}
		return upperBounds[upperBounds.length - 1];
	}

}
