package dev.kairos.core.learn;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PageHinkleyTest {

	static final int LENGTH = 10_000;

	static final int CHANGE = 5_000;

	static final int MAX_DELAY = 200;

	/** Gaussian noise of standard deviation 1; the mean rises by 1 at {@code change}. */
	static double observation(SplittableRandom random, int t, int change) {
		double u = 1.0 - random.nextDouble();
		double noise = Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * random.nextDouble());
		return ((t >= change) ? 1.0 : 0.0) + noise;
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void detectsAnAbruptRiseOfTheMeanSoonAfterTheChange(long seed) {
		PageHinkley detector = new PageHinkley(0.1, 50, 1.0, 30);
		SplittableRandom random = new SplittableRandom(seed);
		int firstAlarm = -1;
		for (int t = 0; t < LENGTH && firstAlarm < 0; t++) {
			if (detector.update(observation(random, t, CHANGE))) {
				firstAlarm = t;
			}
		}
		assertThat(firstAlarm).isBetween(CHANGE, CHANGE + MAX_DELAY);
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void staysSilentOnAStationaryStreamOfTheSameLength(long seed) {
		PageHinkley detector = new PageHinkley(0.1, 50, 1.0, 30);
		SplittableRandom random = new SplittableRandom(seed);
		for (int t = 0; t < LENGTH; t++) {
			assertThat(detector.update(observation(random, t, Integer.MAX_VALUE))).as("alarm at %d", t).isFalse();
		}
	}

	@ParameterizedTest
	@ValueSource(longs = { 1, 2, 3 })
	void withForgettingDetectsTheChangeAndNothingBefore(long seed) {
		// alpha < 1 bounds the statistic's noise (sd 1 / sqrt(1 - alpha^2), about 7 here)
		// but also forgets the -delta drift, so lambda must clear that noise
		PageHinkley detector = new PageHinkley(0.1, 80, 0.99, 30);
		SplittableRandom random = new SplittableRandom(seed);
		int firstAlarm = -1;
		for (int t = 0; t < LENGTH && firstAlarm < 0; t++) {
			if (detector.update(observation(random, t, CHANGE))) {
				firstAlarm = t;
			}
		}
		assertThat(firstAlarm).isBetween(CHANGE, CHANGE + MAX_DELAY);
	}

	@org.junit.jupiter.api.Test
	void rejectsBadParametersAndValues() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PageHinkley(0.1, 0, 1, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new PageHinkley(0.1, 1, 0, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new PageHinkley(0.1, 1, 1.5, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new PageHinkley(0.1, 1, 1, 1).update(Double.NaN));
	}

}
