package dev.kairos.core.ranking;

import java.util.HashMap;
import java.util.Map;

import dev.kairos.core.interestclock.HourKernel;
import dev.kairos.core.interestclock.InterestClock;

/**
 * An Interest Clock read as relative intensity: the preference for a category at an hour
 * divided by the clock's peak over all its categories and hours, in [0, 1] (negative
 * preferences read as 0). Unlike a distribution over categories normalised per hour, it
 * stays near 0 at hours the user is never active in that category, however few categories
 * they have.
 *
 * <p>
 * A clock decays all its categories by one factor since its last update, so the ratio to
 * the peak does not depend on the time it is read at: the peak is computed once when the
 * intensity is made (the global clock's once per serving snapshot), and a request reads
 * it through {@link #at(double)}, which computes the kernel of the request's hour once
 * for all its candidates.
 */
public final class ClockIntensity {

	private static final ClockIntensity NONE = new ClockIntensity(null, 1);

	private final InterestClock clock;

	private final double peak;

	private ClockIntensity(InterestClock clock, double peak) {
		this.clock = clock;
		this.peak = peak;
	}

	/**
	 * The intensity of a clock; an absent or empty clock reads 0 everywhere. The clock
	 * must not change afterwards.
	 * @param nowMillis unused: the intensity is the same at every time (kept for callers
	 * that read one clock at one time)
	 */
	public static ClockIntensity of(InterestClock clock, long nowMillis) {
		return of(clock);
	}

	/**
	 * The intensity of a clock; an absent or empty clock reads 0 everywhere. The clock
	 * must not change afterwards.
	 */
	public static ClockIntensity of(InterestClock clock) {
		if (clock == null || clock.categories().isEmpty()) {
			return NONE;
		}
		double sigma = clock.parameters().sigmaHours();
		double[][] kernels = new double[HourKernel.HOURS][];
		for (int hour = 0; hour < HourKernel.HOURS; hour++) {
			kernels[hour] = HourKernel.weights(hour + 0.5, sigma);
		}
		double peak = 0;
		for (String category : clock.categories()) {
			for (double[] kernel : kernels) {
				peak = Math.max(peak, clock.undecayedPreference(category, kernel));
			}
		}
		return (peak > 0) ? new ClockIntensity(clock, peak) : NONE;
	}

	/** Whether this intensity reads 0 everywhere. */
	public boolean isEmpty() {
		return this.clock == null;
	}

	/** The intensity of a category at an hour of day, in [0, 1]. */
	public double at(String category, double hour) {
		return at(hour).of(category);
	}

	/** The intensities at one hour of day, for reading many categories. */
	public Reading at(double hour) {
		if (this.clock == null) {
			return new Reading(this, null);
		}
		return new Reading(this, HourKernel.weights(hour, this.clock.parameters().sigmaHours()));
	}

	/**
	 * The intensities at one hour of day: the kernel computed once, each category's value
	 * once. Not thread-safe: one per request.
	 */
	public static final class Reading {

		private final ClockIntensity intensity;

		private final double[] weights;

		private final Map<String, Double> values = new HashMap<>();

		private Reading(ClockIntensity intensity, double[] weights) {
			this.intensity = intensity;
			this.weights = weights;
		}

		/** The intensity of a category at this hour, in [0, 1]. */
		public double of(String category) {
			if (this.weights == null) {
				return 0;
			}
			Double known = this.values.get(category);
			if (known != null) {
				return known;
			}
			double value = Math.max(0, Math.min(1,
					this.intensity.clock.undecayedPreference(category, this.weights) / this.intensity.peak));
			this.values.put(category, value);
			return value;
		}

	}

}
