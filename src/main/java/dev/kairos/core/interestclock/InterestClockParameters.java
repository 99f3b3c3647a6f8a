package dev.kairos.core.interestclock;

import java.time.Duration;
import java.util.Objects;

/**
 * The parameters of an {@link InterestClock}.
 *
 * @param sigmaHours width of the Gaussian smoothing over hours, &gt; 0 (1 to 2 hours is
 * typical); only used when reading, so it may change without touching stored clocks
 * @param halfLife time after which bucket mass has halved, positive
 * @param positiveRewardWeight multiplier of positive rewards (clicks), &ge; 0
 * @param negativeRewardWeight multiplier of negative rewards (skips, dislikes), &ge; 0;
 * the reward keeps its sign, so a negative reward lowers the bucket
 * @param maxCategories most categories kept per clock, &ge; 1; beyond it the weakest is
 * evicted
 */
public record InterestClockParameters(double sigmaHours, Duration halfLife, double positiveRewardWeight,
		double negativeRewardWeight, int maxCategories) {

	public InterestClockParameters {
		if (!Double.isFinite(sigmaHours) || sigmaHours <= 0.0) {
			throw new IllegalArgumentException("sigmaHours must be finite and > 0: " + sigmaHours);
		}
		Objects.requireNonNull(halfLife, "halfLife");
		if (halfLife.isNegative() || halfLife.isZero()) {
			throw new IllegalArgumentException("halfLife must be positive: " + halfLife);
		}
		if (!Double.isFinite(positiveRewardWeight) || positiveRewardWeight < 0.0) {
			throw new IllegalArgumentException("positiveRewardWeight must be finite and >= 0: " + positiveRewardWeight);
		}
		if (!Double.isFinite(negativeRewardWeight) || negativeRewardWeight < 0.0) {
			throw new IllegalArgumentException("negativeRewardWeight must be finite and >= 0: " + negativeRewardWeight);
		}
		if (maxCategories < 1) {
			throw new IllegalArgumentException("maxCategories must be >= 1: " + maxCategories);
		}
	}

	/**
	 * Sigma 1 hour, half-life 14 days, rewards weighted 1 and 1, at most 16 categories.
	 */
	public static InterestClockParameters defaults() {
		return new InterestClockParameters(1.0, Duration.ofDays(14), 1.0, 1.0, 16);
	}

	/** The half-life in milliseconds. */
	long halfLifeMillis() {
		return this.halfLife.toMillis();
	}

	/**
	 * The factor by which mass written at {@code from} has decayed by {@code to}:
	 * {@code 2^(-(to - from) / halfLife)}, and 1 when {@code to <= from}.
	 */
	double decayFactor(long from, long to) {
		if (to <= from) {
			return 1.0;
		}
		return Math.pow(2.0, -(double) (to - from) / halfLifeMillis());
	}

}
