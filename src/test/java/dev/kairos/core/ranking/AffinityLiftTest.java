package dev.kairos.core.ranking;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The co-occurrence lift's weight, learned from served items' rewards. */
class AffinityLiftTest {

	/**
	 * Serves {@code n} items with random expectations and affinities, rewarding each with
	 * probability {@code k·e·(1 + w·a)}.
	 */
	private static AffinityLift simulate(double w, double k, int n, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		AffinityLift lift = AffinityLift.NONE;
		for (int i = 0; i < n; i++) {
			double e = 0.02 + 0.1 * random.nextDouble();
			// most served items share nothing with the user's latest items
			double a = (random.nextDouble() < 0.7) ? 0 : random.nextDouble();
			lift = lift.serve(e, a, 1);
			if (random.nextDouble() < k * e * (1 + w * a)) {
				lift = lift.reward(1, a);
			}
		}
		return lift;
	}

	@Test
	void theWeightIsRecoveredFromTheRewardsOfServedItems() {
		assertThat(simulate(2, 1.5, 200_000, 1).weight()).isCloseTo(2, within(0.25));
		assertThat(simulate(5, 0.8, 200_000, 2).weight()).isCloseTo(5, within(0.6));
	}

	@Test
	void whereCoOccurrenceSaysNothingTheWeightStaysNearZero() {
		assertThat(simulate(0, 2, 200_000, 3).weight()).isLessThan(0.15);
	}

	@Test
	void fewRewardsAreShrunkTowardsNoLift() {
		AffinityLift few = simulate(2, 1.5, 300, 4);
		assertThat(few.rewards()).isPositive();
		assertThat(few.weight()).isLessThan(simulate(2, 1.5, 200_000, 4).weight());
		assertThat(AffinityLift.NONE.weight()).isZero();
	}

	@Test
	void aServedItemTakenBackLeavesTheSumsAsBefore() {
		AffinityLift before = simulate(2, 1.5, 1_000, 5);
		AffinityLift after = before.serve(0.1, 0.5, 1).serve(0.1, 0.5, -1);
		assertThat(after.expected()).isCloseTo(before.expected(), within(1e-12));
		assertThat(after.affinityExpected()).isCloseTo(before.affinityExpected(), within(1e-12));
		assertThat(after.affinitySquaredExpected()).isCloseTo(before.affinitySquaredExpected(), within(1e-12));
		assertThat(after.weight()).isCloseTo(before.weight(), within(1e-9));
	}

	@Test
	void aLiftBeyondTheMomentsIsCappedAndBadInputCountsNothing() {
		AffinityLift onlyAffine = AffinityLift.NONE.serve(1, 0, 1).serve(1, 1, 1);
		for (int i = 0; i < 1_000; i++) {
			onlyAffine = onlyAffine.reward(1, 1);
		}
		assertThat(onlyAffine.weight()).isEqualTo(AffinityLift.MAX_WEIGHT);
		AffinityLift bad = AffinityLift.NONE.serve(Double.NaN, 2, 1).reward(Double.POSITIVE_INFINITY, -1);
		assertThat(bad.expected()).isZero();
		assertThat(bad.rewards()).isZero();
	}

}
