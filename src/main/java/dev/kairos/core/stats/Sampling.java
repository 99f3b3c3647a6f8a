package dev.kairos.core.stats;

import java.util.random.RandomGenerator;

/** Random variates drawn from a caller's seeded source, so policies stay reproducible. */
public final class Sampling {

	private Sampling() {
	}

	/**
	 * Gamma(shape, 1) by Marsaglia &amp; Tsang (2000), "A simple method for generating
	 * gamma variables", ACM TOMS 26(3); shape &lt; 1 by the boost {@code G(a+1)·U^{1/a}}.
	 */
	public static double gamma(RandomGenerator random, double shape) {
		if (shape < 1) {
			double u = random.nextDouble();
			return gamma(random, shape + 1) * Math.pow(u, 1.0 / shape);
		}
		double d = shape - 1.0 / 3.0;
		double c = 1.0 / Math.sqrt(9.0 * d);
		while (true) {
			double x = random.nextGaussian();
			double v = 1.0 + c * x;
			if (v <= 0) {
				continue;
			}
			v = v * v * v;
			double u = random.nextDouble();
			if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
				return d * v;
			}
		}
	}

	/** Beta(a, b) as {@code X/(X+Y)} with X ~ Gamma(a), Y ~ Gamma(b). */
	public static double beta(RandomGenerator random, double a, double b) {
		double x = gamma(random, a);
		double y = gamma(random, b);
		return x / (x + y);
	}

	/** Standard Gumbel: {@code −ln(−ln U)}. */
	public static double gumbel(RandomGenerator random) {
		double u = random.nextDouble();
		while (u == 0.0) {
			u = random.nextDouble();
		}
		return -Math.log(-Math.log(u));
	}

}
