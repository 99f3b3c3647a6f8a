package dev.kairos.core.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ForwardDecayTest {

	private static final long HOUR = 3_600_000L;

	private static final long T0 = 1_764_000_000_000L; // late 2025

	private final ForwardDecay decay = new ForwardDecay(6);

	@Test
	void aWeightCountsHalfAfterOneHalfLife() {
		double l = this.decay.add(ForwardDecay.EMPTY, 4.0, T0);
		assertThat(this.decay.valueAt(l, T0)).isCloseTo(4.0, within(1e-9));
		assertThat(this.decay.valueAt(l, T0 + 6 * HOUR)).isCloseTo(2.0, within(1e-9));
		assertThat(this.decay.valueAt(l, T0 + 12 * HOUR)).isCloseTo(1.0, within(1e-9));
	}

	@Test
	void equalsTheDirectSumWhateverTheOrderOfUpdates() {
		long[] times = { T0, T0 + 5 * HOUR, T0 - 2 * HOUR, T0 + 30 * HOUR };
		double[] weights = { 1, 3, 0.5, 2 };
		double forward = ForwardDecay.EMPTY;
		double backward = ForwardDecay.EMPTY;
		for (int i = 0; i < times.length; i++) {
			forward = this.decay.add(forward, weights[i], times[i]);
			int j = times.length - 1 - i;
			backward = this.decay.add(backward, weights[j], times[j]);
		}
		long readAt = T0 + 40 * HOUR;
		double direct = 0;
		for (int i = 0; i < times.length; i++) {
			direct += weights[i] * Math.exp(-this.decay.lambdaPerHour() * (readAt - times[i]) / (double) HOUR);
		}
		// the stored log-sum is about λt ≈ 5e4 for today's dates, so its last bit is
		// worth ~1e-11 relative
		assertThat(this.decay.valueAt(forward, readAt)).isCloseTo(direct, within(direct * 1e-10));
		assertThat(this.decay.valueAt(backward, readAt)).isCloseTo(direct, within(direct * 1e-10));
	}

	@Test
	void storedValuesOrderLikeDecayedValuesAtAnyTime() {
		double old = this.decay.add(ForwardDecay.EMPTY, 10, T0);
		double recent = this.decay.add(ForwardDecay.EMPTY, 2, T0 + 24 * HOUR);
		// 10 halved four times is 0.625 < 2: the recent item is ahead, at every read time
		assertThat(recent).isGreaterThan(old);
		assertThat(this.decay.valueAt(recent, T0 + 100 * HOUR)).isGreaterThan(this.decay.valueAt(old, T0 + 100 * HOUR));
	}

	@Test
	void mergeIsTheSumAndEmptyIsItsIdentity() {
		double a = this.decay.add(ForwardDecay.EMPTY, 1, T0);
		double b = this.decay.add(ForwardDecay.EMPTY, 3, T0 + HOUR);
		double both = this.decay.add(a, 3, T0 + HOUR);
		assertThat(ForwardDecay.merge(a, b)).isCloseTo(both, within(1e-12));
		assertThat(ForwardDecay.merge(a, ForwardDecay.EMPTY)).isEqualTo(a);
		assertThat(this.decay.valueAt(ForwardDecay.EMPTY, T0)).isZero();
	}

	@Test
	void staysFiniteYearsAfterTheEpochWithShortHalfLives() {
		ForwardDecay fast = new ForwardDecay(0.25);
		long farFuture = 4_102_444_800_000L; // 2100
		double l = fast.add(ForwardDecay.EMPTY, 1, farFuture);
		l = fast.add(l, 1, farFuture);
		assertThat(l).isFinite();
		assertThat(fast.valueAt(l, farFuture)).isCloseTo(2.0, within(1e-9));
	}

	@Test
	void readingLongBeforeTheObservationsSaturatesInsteadOfOverflowing() {
		ForwardDecay fast = new ForwardDecay(6);
		double l = fast.add(ForwardDecay.EMPTY, 1, T0 + 300L * 24 * HOUR);
		assertThat(fast.valueAt(l, T0)).isFinite().isEqualTo(Math.exp(ForwardDecay.MAX_EXPONENT));
	}

	@Test
	void rejectsNonPositiveOrNonFiniteWeightsAndHalfLives() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.decay.add(0, 0, T0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.decay.add(0, Double.NaN, T0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.decay.add(0, Double.POSITIVE_INFINITY, T0));
		assertThatIllegalArgumentException().isThrownBy(() -> new ForwardDecay(0));
		assertThatIllegalArgumentException().isThrownBy(() -> new ForwardDecay(Double.NaN));
	}

}
