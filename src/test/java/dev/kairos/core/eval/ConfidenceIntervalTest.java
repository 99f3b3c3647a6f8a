package dev.kairos.core.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ConfidenceIntervalTest {

	@Test
	void wilsonWithNoSuccessesHasUpperBoundZSquaredOverNPlusZSquared() {
		ConfidenceInterval interval = ConfidenceInterval.wilson(0, 10);
		double z2 = ConfidenceInterval.Z_95 * ConfidenceInterval.Z_95;

		assertThat(interval.lower()).isEqualTo(0);
		assertThat(interval.upper()).isCloseTo(z2 / (10 + z2), within(1e-12));
	}

	@Test
	void wilsonMatchesAReferenceValue() {
		// 5 of 100: the closed form evaluated independently in Python 3 gives (0.021544,
		// 0.111750)
		ConfidenceInterval interval = ConfidenceInterval.wilson(5, 100);

		assertThat(interval.lower()).isCloseTo(0.0215437, within(1e-6));
		assertThat(interval.upper()).isCloseTo(0.1117505, within(1e-6));
	}

	@Test
	void normalOfMeanUsesTheSampleStandardDeviation() {
		// mean 2.5, sample sd sqrt(5/3), n 4
		ConfidenceInterval interval = ConfidenceInterval.normalOfMean(new double[] { 1, 2, 3, 4 });
		double halfWidth = ConfidenceInterval.Z_95 * Math.sqrt(5.0 / 3) / 2;

		assertThat(interval.lower()).isCloseTo(2.5 - halfWidth, within(1e-12));
		assertThat(interval.upper()).isCloseTo(2.5 + halfWidth, within(1e-12));
	}

}
