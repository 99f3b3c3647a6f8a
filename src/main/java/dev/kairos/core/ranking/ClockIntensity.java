package dev.kairos.core.ranking;

import dev.kairos.core.interestclock.InterestClock;

/**
 * An Interest Clock read as relative intensity: the preference for a category at an hour
 * divided by the clock's peak over all its categories and hours, in [0, 1] (negative
 * preferences read as 0). Unlike a distribution over categories normalised per hour, it
 * stays near 0 at hours the user is never active in that category, however few categories
 * they have.
 */
public final class ClockIntensity {

	private static final ClockIntensity NONE = new ClockIntensity(null, 0, 1);

	private final InterestClock clock;

	private final long nowMillis;

	private final double peak;

	private ClockIntensity(InterestClock clock, long nowMillis, double peak) {
		this.clock = clock;
		this.nowMillis = nowMillis;
		this.peak = peak;
	}

	/**
	 * The intensity of a clock as of a time; an absent or empty clock reads 0 everywhere.
	 */
	public static ClockIntensity of(InterestClock clock, long nowMillis) {
		if (clock == null || clock.categories().isEmpty()) {
			return NONE;
		}
		double peak = 0;
		for (String category : clock.categories()) {
			for (int hour = 0; hour < 24; hour++) {
				peak = Math.max(peak, clock.preference(category, hour + 0.5, nowMillis));
			}
		}
		return (peak > 0) ? new ClockIntensity(clock, nowMillis, peak) : NONE;
	}

	/** The intensity of a category at an hour of day, in [0, 1]. */
	public double at(String category, double hour) {
		if (this.clock == null) {
			return 0;
		}
		return Math.max(0, Math.min(1, this.clock.preference(category, hour, this.nowMillis) / this.peak));
	}

}
