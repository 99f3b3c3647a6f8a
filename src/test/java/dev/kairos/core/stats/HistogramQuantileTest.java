package dev.kairos.core.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class HistogramQuantileTest {

	private static final double[] BOUNDS = { 5, 10, 25, 50 };

	@Test
	void interpolatesWithinTheBucketTheRankFallsIn() {
		// 10 at or below 5, 10 more in (5, 10], 20 more in (10, 25], none above
		double[] counts = { 10, 20, 40, 40 };
		// rank 20 is the top of the second bucket
		assertThat(HistogramQuantile.estimate(BOUNDS, counts, 40, 0.5)).isCloseTo(10, within(1e-12));
		// rank 5 is halfway through the first bucket, which starts at 0
		assertThat(HistogramQuantile.estimate(BOUNDS, counts, 40, 0.125)).isCloseTo(2.5, within(1e-12));
		// rank 30 is halfway through (10, 25]
		assertThat(HistogramQuantile.estimate(BOUNDS, counts, 40, 0.75)).isCloseTo(17.5, within(1e-12));
	}

	@Test
	void aRankAboveTheLastBoundReadsAsThatBound() {
		double[] counts = { 0, 0, 1, 2 };
		assertThat(HistogramQuantile.estimate(BOUNDS, counts, 100, 0.99)).isEqualTo(50);
	}

	@Test
	void emptyBucketsBeforeTheRankAreSkipped() {
		double[] counts = { 0, 0, 10, 10 };
		assertThat(HistogramQuantile.estimate(BOUNDS, counts, 10, 0.5)).isCloseTo(17.5, within(1e-12));
		assertThat(HistogramQuantile.estimate(BOUNDS, counts, 10, 0.0)).isEqualTo(10);
	}

	@Test
	void noObservationsOrNoBucketsGiveNaN() {
		assertThat(HistogramQuantile.estimate(BOUNDS, new double[4], 0, 0.5)).isNaN();
		assertThat(HistogramQuantile.estimate(new double[0], new double[0], 7, 0.5)).isNaN();
	}

	@Test
	void refusesNonsense() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HistogramQuantile.estimate(BOUNDS, new double[3], 1, 0.5));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> HistogramQuantile.estimate(BOUNDS, new double[4], 1, 1.5));
	}

}
