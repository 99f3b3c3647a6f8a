package dev.kairos.core.interestclock;

import java.time.Instant;
import java.util.Map;

/**
 * The global Interest Clock kept additively, so that any number of writers can add to it
 * in any order: one mass per (category, hour) holding
 * {@code Σ reward · 2^((t − T₀)/halfLife)}, forward decay (Cormode et al. 2009) with the
 * landmark T₀ = 2024-01-01 in linear space, which stays finite for centuries at
 * half-lives of days. Reading at a time multiplies every mass by
 * {@code 2^(−(now − T₀)/halfLife)}. The store keeps the masses (in Redis, one hash field
 * {@code CATEGORY|HOUR} each); this class is the arithmetic.
 */
public final class GlobalClockMasses {

	/** T₀. */
	public static final long LANDMARK_MILLIS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

	private final InterestClockParameters parameters;

	/**
	 * @param parameters the global clock's parameters (its half-life and kernel width)
	 */
	public GlobalClockMasses(InterestClockParameters parameters) {
		this.parameters = parameters;
	}

	/** The parameters the clock is read with. */
	public InterestClockParameters parameters() {
		return this.parameters;
	}

	/** The mass a reward at a time adds to its (category, hour). */
	public double mass(double reward, long atMillis) {
		return reward * Math.pow(2, (atMillis - LANDMARK_MILLIS) / (double) this.parameters.halfLife().toMillis());
	}

	/** The field a (category, hour of day) is kept in. */
	public static String field(String category, double hourOfDay) {
		return category + "|" + (int) hourOfDay;
	}

	/**
	 * The clock the stored masses make as of a time: fields that are not
	 * {@code CATEGORY|HOUR}, and masses that are 0 or not finite, are ignored.
	 * @param masses field to stored mass
	 */
	public InterestClock clock(Map<String, Double> masses, long nowMillis) {
		InterestClock clock = new InterestClock(this.parameters);
		double decay = Math.pow(2, -(nowMillis - LANDMARK_MILLIS) / (double) this.parameters.halfLife().toMillis());
		masses.forEach((field, value) -> {
			int bar = field.lastIndexOf('|');
			double mass = value * decay;
			if (bar > 0 && mass != 0 && Double.isFinite(mass)) {
				try {
					clock.update(field.substring(0, bar), Integer.parseInt(field.substring(bar + 1)), mass, nowMillis);
				}
				catch (NumberFormatException ex) {
					// not an hour: ignored
				}
			}
		});
		return clock;
	}

	/** The positive preference a clock holds for a category, summed over the day. */
	public static double held(InterestClock clock, String category) {
		double sum = 0;
		for (int hour = 0; hour < HourKernel.HOURS; hour++) {
			sum += Math.max(0, clock.preference(category, hour + 0.5, clock.lastUpdateMillis()));
		}
		return sum;
	}

}
