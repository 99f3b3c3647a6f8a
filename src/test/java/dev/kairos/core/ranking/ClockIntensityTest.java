package dev.kairos.core.ranking;

import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.interestclock.InterestClockParameters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClockIntensityTest {

	@Test
	void intensityIsPreferenceOverThePeakOfAllCategoriesAndHoursWhateverHourIsAskedNext() {
		InterestClock clock = new InterestClock(InterestClockParameters.defaults());
		clock.update("news", 8, 3, 0);
		clock.update("news", 9, 3, 0);
		clock.update("films", 21, 2, 0);
		clock.update("films", 3, -1, 0);
		double peak = 0;
		for (int h = 0; h < 24; h++) {
			for (String c : new String[] { "news", "films" }) {
				peak = Math.max(peak, clock.preference(c, h + 0.5, 0));
			}
		}
		ClockIntensity intensity = ClockIntensity.of(clock, 0);
		// hours asked in turn, and back: each answer as computed from scratch
		for (double hour : new double[] { 9, 9, 21, 8.5, 9, 3, 21 }) {
			for (String c : new String[] { "news", "films", "unknown" }) {
				double expected = Math.max(0, Math.min(1, clock.preference(c, hour, 0) / peak));
				assertThat(intensity.at(c, hour)).as(c + " at " + hour).isCloseTo(expected, within(1e-12));
			}
		}
		assertThat(intensity.at("news", 8.5)).isGreaterThan(intensity.at("films", 8.5));
		assertThat(intensity.at("films", 3)).isZero();
		assertThat(ClockIntensity.of(null, 0).at("news", 9)).isZero();
	}

}
