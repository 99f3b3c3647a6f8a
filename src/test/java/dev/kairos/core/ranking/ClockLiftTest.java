package dev.kairos.core.ranking;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ClockLiftTest {

	private static final SplittableRandom RANDOM = new SplittableRandom(1);

	private final ClockLift lift = new ClockLift(2, 1, false, 1);

	@Test
	void withNoDataTheLiftIsThePriorWithItsFullUncertainty() {
		ClockLift.Estimate none = this.lift.estimate(RANDOM, 0, 0, 1);
		assertThat(none.mean()).isEqualTo(1);
		// Gamma(2, 2): sd sqrt(2) / 2
		assertThat(none.optimistic()).isCloseTo(1 + Math.sqrt(2) / 2, within(1e-12));
		assertThat(this.lift.estimate(RANDOM, 0, 0, 3).mean()).isEqualTo(3);
	}

	@Test
	void clicksAboveWhatThePopulationWouldMakeRaiseItAndSkipsLowerIt() {
		// 4 clicks where the population would make 0.5: (2 + 4) / (2 + 0.5)
		ClockLift.Estimate fan = this.lift.estimate(RANDOM, 4, 0.5, 1);
		assertThat(fan.mean()).isCloseTo(6 / 2.5, within(1e-12));
		assertThat(fan.optimistic()).isCloseTo(6 / 2.5 + Math.sqrt(6) / 2.5, within(1e-12));
		ClockLift.Estimate skipper = this.lift.estimate(RANDOM, 0, 5, 1);
		assertThat(skipper.mean()).isCloseTo(2 / 7.0, within(1e-12));
		assertThat(skipper.optimistic()).isLessThan(1);
		// the more it is shown without a click, the lower and surer it gets
		assertThat(this.lift.estimate(RANDOM, 0, 10, 1).optimistic()).isLessThan(skipper.optimistic());
	}

	@Test
	void clicksWithoutImpressionsStillRaiseItAndBadInputIsClamped() {
		// a client that reports no impressions: 3 clicks, no exposure, (2 + 3) / 2
		assertThat(this.lift.estimate(RANDOM, 3, 0, 1).mean()).isEqualTo(2.5);
		assertThat(this.lift.estimate(RANDOM, -5, -1, 1)).isEqualTo(this.lift.estimate(RANDOM, 0, 0, 1));
		assertThat(this.lift.estimate(RANDOM, 0, Double.NaN, 1)).isEqualTo(this.lift.estimate(RANDOM, 0, 0, 1));
		assertThat(this.lift.estimate(RANDOM, 0, 0, 100).mean()).isEqualTo(ClockLift.MAX_PRIOR);
		assertThat(this.lift.estimate(RANDOM, 0, 0, Double.NaN).mean()).isEqualTo(1);
	}

	@Test
	void theUpperBoundPutsCategoriesClickedNowFirstThenTheUntriedThenTheSkipped() {
		ClockLift thompson = new ClockLift(0.5, 1, true, 1);
		double clicked = thompson.upperBound(2, 0.45, 1);
		double untried = thompson.upperBound(0, 0, 1);
		double skipped = thompson.upperBound(0, 0.25, 1);
		// Gamma(0.5 + 2, 0.5 + 0.45): mean + sd
		assertThat(clicked).isCloseTo(2.5 / 0.95 + Math.sqrt(2.5) / 0.95, within(1e-12));
		assertThat(untried).isCloseTo(1 + Math.sqrt(0.5) / 0.5, within(1e-12));
		assertThat(clicked).isGreaterThan(untried);
		assertThat(untried).isGreaterThan(skipped);
		// the same bound as the UCB ranking's optimistic value, without a draw
		assertThat(this.lift.upperBound(4, 0.5, 1)).isEqualTo(this.lift.estimate(RANDOM, 4, 0.5, 1).optimistic());
	}

	@Test
	void priorsFollowTheGlobalClockRelativeToTheOtherCategories() {
		double[] priors = this.lift.priorsFrom(new double[] { 0.2, 0.6, 0.2, 0 });
		// mean intensity 0.25
		assertThat(priors).containsExactly(0.8, 2.4, 0.8, ClockLift.MIN_PRIOR);
		assertThat(this.lift.priorsFrom(new double[] { 0, 0 })).containsExactly(1, 1);
		assertThat(this.lift.priorsFrom(new double[] { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 })[0])
			.isEqualTo(ClockLift.MAX_PRIOR);
	}

	@Test
	void thompsonDrawsFollowThePosterior() {
		ClockLift thompson = new ClockLift(2, 0, true, 1);
		SplittableRandom random = new SplittableRandom(7);
		int draws = 20_000;
		double sum = 0;
		double squares = 0;
		for (int i = 0; i < draws; i++) {
			ClockLift.Estimate e = thompson.estimate(random, 4, 0.5, 1);
			assertThat(e.mean()).isCloseTo(6 / 2.5, within(1e-12));
			sum += e.optimistic();
			squares += e.optimistic() * e.optimistic();
		}
		double mean = sum / draws;
		double variance = squares / draws - mean * mean;
		// Gamma(6, 2.5): mean 2.4, variance 6 / 6.25; standard errors ≈ 0.007 and 0.013
		assertThat(mean).isCloseTo(2.4, within(0.03));
		assertThat(variance).isCloseTo(0.96, within(0.06));
		// shape below 1 (a weak prior): still positive and of the right mean
		double small = 0;
		for (int i = 0; i < draws; i++) {
			double d = new ClockLift(0.3, 0, true, 1).estimate(random, 0, 0, 1).optimistic();
			assertThat(d).isPositive();
			small += d / draws;
		}
		assertThat(small).isCloseTo(1, within(0.05));
	}

	@Test
	void theGlobalClocksWeightTemperedThePriors() {
		double[] intensities = { 0.2, 0.6, 0.2, 0 };
		assertThat(new ClockLift(2, 1, false, 0).priorsFrom(intensities)).containsExactly(1, 1, 1, 1);
		double[] half = new ClockLift(2, 1, false, 0.5).priorsFrom(intensities);
		assertThat(half[0]).isCloseTo(Math.sqrt(0.8), within(1e-12));
		assertThat(half[1]).isCloseTo(Math.sqrt(2.4), within(1e-12));
		assertThat(half[3]).isEqualTo(ClockLift.MIN_PRIOR);
	}

	@Test
	void rejectsBadSettings() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClockLift(1, 1, false, 1.5));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClockLift(1, 1, false, -0.1));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClockLift(0, 1, false, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClockLift(1, -1, false, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClockLift(Double.POSITIVE_INFINITY, 1, false, 1));
	}

}
