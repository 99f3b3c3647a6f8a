package dev.kairos.core.ranking;

import java.util.Map;

import dev.kairos.core.interestclock.InterestClock;

/**
 * An Interest Clock read as relative intensity: the preference for a category at an hour
 * divided by the clock's peak over all its categories and hours, in [0, 1] (negative
 * preferences read as 0). Unlike a distribution over categories normalised per hour, it
 * stays near 0 at hours the user is never active in that category, however few categories
 * they have. An instance is meant for one request and is not thread-safe.
 */
public final class ClockIntensity {

	private static final ClockIntensity NONE = new ClockIntensity(null, 0, 1);

	private final InterestClock clock;

	private final long nowMillis;

	private final double peak;

	/** Not thread-safe: one instance serves one request. */
	private Map<String, Double> preferences;

	private double preferencesHour;

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
		for (int hour = 0; hour < 24; hour++) {
			for (double preference : clock.preferences(hour + 0.5, nowMillis).values()) {
				peak = Math.max(peak, preference);
			}
		}
		return (peak > 0) ? new ClockIntensity(clock, nowMillis, peak) : NONE;
	}

	/**
	 * The intensity of a category at an hour of day, in [0, 1]. The preferences of the
	 * last hour asked are kept: a request asks about one hour for all its candidates.
	 */
	public double at(String category, double hour) {
		if (this.clock == null) {
			return 0;
		}
		Map<String, Double> preferences = this.preferences;
		if (preferences == null || Double.compare(hour, this.preferencesHour) != 0) {
			preferences = this.clock.preferences(hour, this.nowMillis);
			this.preferences = preferences;
			this.preferencesHour = hour;
		}
		return Math.max(0, Math.min(1, preferences.getOrDefault(category, 0.0) / this.peak));
	}

}
