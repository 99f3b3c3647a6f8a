package dev.kairos.core.interestclock;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class GlobalClockMassesTest {

	private static final long DAY = 24 * 3_600_000L;

	private final GlobalClockMasses masses = new GlobalClockMasses(
			new InterestClockParameters(1.5, Duration.ofDays(14), 1, 1, 4096));

	@Test
	void massesAddedInAnyOrderReadAsRewardsDecayedToTheReadingTime() {
		long t1 = GlobalClockMasses.LANDMARK_MILLIS + 900 * DAY;
		long t2 = t1 + 3 * DAY;
		long now = t2 + 14 * DAY;
		Map<String, Double> stored = new HashMap<>();
		// added by two writers in the opposite order of the events' times
		stored.merge(GlobalClockMasses.field("news", 9.7), this.masses.mass(2, t2), Double::sum);
		stored.merge(GlobalClockMasses.field("news", 9.2), this.masses.mass(1, t1), Double::sum);
		stored.put("not-a-field", 5.0);
		InterestClock read = this.masses.clock(stored, now);

		InterestClock expected = new InterestClock(this.masses.parameters());
		double decayed = 1 * Math.pow(2, -17.0 / 14) + 2 * Math.pow(2, -1.0);
		expected.update("news", 9, decayed, now);
		for (double hour = 0; hour < 24; hour += 0.5) {
			assertThat(read.preference("news", hour, now)).isCloseTo(expected.preference("news", hour, now),
					within(1e-9));
		}
		assertThat(read.categories()).containsExactly("news");
		assertThat(GlobalClockMasses.held(read, "news")).isPositive();
		assertThat(GlobalClockMasses.held(read, "films")).isZero();
	}

}
