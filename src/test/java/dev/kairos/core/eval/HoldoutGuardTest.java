package dev.kairos.core.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HoldoutGuardTest {

	private final HoldoutGuard guard = new HoldoutGuard(0.05, 100, 10);

	/** Rewards depend on x1 only: P(click) = 0.05 + 0.5·x1. */
	private static List<HoldoutGuard.Observation> heldOut(int n, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<HoldoutGuard.Observation> observations = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			double[] x = { 1, random.nextDouble(), random.nextDouble() };
			observations.add(new HoldoutGuard.Observation(x, (random.nextDouble() < 0.05 + 0.5 * x[1]) ? 1 : 0));
		}
		return observations;
	}

	@Test
	void aModelThatRanksWorseThanItsSnapshotTripsTheGuard() {
		double[] good = { 0.05, 0.5, 0 };
		double[] broken = { 0.05, -0.5, 0 };
		HoldoutGuard.Verdict verdict = this.guard.check(heldOut(2000, 1), broken, good);
		assertThat(verdict.judged()).isTrue();
		assertThat(verdict.referenceAuc()).isGreaterThan(0.7);
		assertThat(verdict.auc()).isLessThan(0.3);
		assertThat(verdict.tripped()).isTrue();
	}

	@Test
	void aModelAsGoodAsItsSnapshotOrBetterPasses() {
		double[] good = { 0.05, 0.5, 0 };
		double[] slightlyDifferent = { 0.04, 0.48, 0.01 };
		double[] useless = { 0.05, 0, 0.5 };
		List<HoldoutGuard.Observation> data = heldOut(2000, 2);
		assertThat(this.guard.check(data, slightlyDifferent, good).tripped()).isFalse();
		assertThat(this.guard.check(data, good, useless).tripped()).isFalse();
	}

	@Test
	void tooLittleDataIsNotJudged() {
		double[] good = { 0.05, 0.5, 0 };
		double[] broken = { 0.05, -0.5, 0 };
		HoldoutGuard.Verdict verdict = this.guard.check(heldOut(50, 3), broken, good);
		assertThat(verdict.judged()).isFalse();
		assertThat(verdict.tripped()).isFalse();
		List<HoldoutGuard.Observation> noClicks = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			noClicks.add(new HoldoutGuard.Observation(new double[] { 1, 0.5, 0.5 }, 0));
		}
		assertThat(this.guard.check(noClicks, broken, good).judged()).isFalse();
	}

	@Test
	void rejectsBadSettings() {
		assertThatIllegalArgumentException().isThrownBy(() -> new HoldoutGuard(0, 100, 10));
		assertThatIllegalArgumentException().isThrownBy(() -> new HoldoutGuard(0.05, 1, 10));
	}

}
