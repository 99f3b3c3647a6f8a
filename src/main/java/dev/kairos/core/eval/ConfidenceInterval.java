package dev.kairos.core.eval;

/**
 * A two-sided 95% confidence interval.
 *
 * <p>
 * Two constructions: the normal (Wald) approximation, mean ± 1.96 standard errors, which
 * the IPS, SNIPS and doubly robust estimators use on their per-round terms (by the
 * martingale central limit theorem when the target policy learns); and the Wilson score
 * interval for a proportion (E. B. Wilson, "Probable inference, the law of succession,
 * and statistical inference", JASA 1927), which replay uses for 0/1 rewards because with
 * the few clicks of a replayed log (often 0–3) the normal interval degenerates to a
 * point.
 *
 * @param lower lower bound
 * @param upper upper bound
 */
public record ConfidenceInterval(double lower, double upper) {

	/** The standard normal quantile for a two-sided 95% interval. */
	public static final double Z_95 = 1.959963984540054;

	/** The undefined interval, for estimates with no data. */
	public static final ConfidenceInterval UNDEFINED = new ConfidenceInterval(Double.NaN, Double.NaN);

	/** mean ± 1.96 standardError. */
	public static ConfidenceInterval normal(double mean, double standardError) {
		return new ConfidenceInterval(mean - Z_95 * standardError, mean + Z_95 * standardError);
	}

	/**
	 * The normal interval of the mean of {@code terms}, with the sample standard
	 * deviation.
	 */
	public static ConfidenceInterval normalOfMean(double[] terms) {
		int n = terms.length;
		if (n == 0) {
			return UNDEFINED;
		}
		double mean = mean(terms);
		if (n == 1) {
			return new ConfidenceInterval(mean, mean);
		}
		double squares = 0;
		for (double term : terms) {
			squares += (term - mean) * (term - mean);
		}
		double standardDeviation = Math.sqrt(squares / (n - 1));
		return normal(mean, standardDeviation / Math.sqrt(n));
	}

	/**
	 * The Wilson score interval of a proportion of {@code successes} in {@code trials}.
	 */
	public static ConfidenceInterval wilson(double successes, long trials) {
		if (trials == 0) {
			return UNDEFINED;
		}
		double z2 = Z_95 * Z_95;
		double proportion = successes / trials;
		double denominator = 1 + z2 / trials;
		double centre = (proportion + z2 / (2.0 * trials)) / denominator;
		double halfWidth = Z_95 * Math.sqrt(proportion * (1 - proportion) / trials + z2 / (4.0 * trials * trials))
				/ denominator;
		return new ConfidenceInterval(Math.max(0, centre - halfWidth), Math.min(1, centre + halfWidth));
	}

	/** Whether {@code value} lies within the interval, bounds included. */
	public boolean contains(double value) {
		return this.lower <= value && value <= this.upper;
	}

	static double mean(double[] values) {
		double sum = 0;
		for (double value : values) {
			sum += value;
		}
		return sum / values.length;
	}

}
