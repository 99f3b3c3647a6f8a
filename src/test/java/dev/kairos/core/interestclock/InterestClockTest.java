package dev.kairos.core.interestclock;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class InterestClockTest {

	static final long DAY = Duration.ofDays(1).toMillis();

	static final long T0 = 1_700_000_000_000L;

	static final InterestClockParameters PARAMETERS = new InterestClockParameters(1.0, Duration.ofDays(7), 1.0, 2.0, 8);

	@Test
	void preferenceAtTheMidpointOfMidnightIsSymmetric() {
		InterestClock late = new InterestClock(PARAMETERS);
		late.update("news", 23, 1.0, T0);
		InterestClock early = new InterestClock(PARAMETERS);
		early.update("news", 0, 1.0, T0);
		assertThat(late.preference("news", 23.5, T0)).isCloseTo(early.preference("news", 23.5, T0), within(1e-15))
			.isGreaterThan(0.3);
		InterestClock both = new InterestClock(PARAMETERS);
		both.update("news", 23, 1.0, T0);
		both.update("news", 0, 1.0, T0);
		assertThat(both.preference("news", 23.5 - 0.7, T0)).isCloseTo(both.preference("news", 0.2, T0), within(1e-12));
	}

	@Test
	void massOneHourAwayReadsTheSameAcrossMidnight() {
		double atBucket0From23 = single(0).preference("c", 23, T0);
		double atBucket1From0 = single(1).preference("c", 0, T0);
		double atBucket23From22 = single(23).preference("c", 22, T0);
		assertThat(atBucket0From23).isCloseTo(atBucket1From0, within(1e-12))
			.isCloseTo(atBucket23From22, within(1e-12))
			// golden: w(9, 10) for sigma 1, from hour-kernel-golden.py
			.isCloseTo(0.24197072322446056, within(1e-12));
	}

	private static InterestClock single(int bucket) {
		InterestClock clock = new InterestClock(PARAMETERS);
		clock.update("c", bucket, 1.0, T0);
		return clock;
	}

	@Test
	void preferenceIsTheGaussianWeightedSumOfBuckets() {
		InterestClock clock = new InterestClock(PARAMETERS);
		clock.update("c", 9.2, 1.0, T0);
		clock.update("c", 10.9, 2.0, T0);
		// golden: w(9, 9) * 1 + w(9, 10) * 2 for sigma 1, from hour-kernel-golden.py
		assertThat(clock.preference("c", 9, T0)).isCloseTo(0.8828837247157828, within(1e-12));
		assertThat(clock.preference("absent", 9, T0)).isZero();
	}

	@Test
	void massHalvesAfterOneHalfLife() {
		InterestClock clock = new InterestClock(PARAMETERS);
		clock.update("c", 9, 1.0, T0);
		double before = clock.preference("c", 9, T0);
		assertThat(clock.preference("c", 9, T0 + 7 * DAY)).isCloseTo(before / 2, within(1e-12));
		assertThat(clock.preference("c", 9, T0 + 14 * DAY)).isCloseTo(before / 4, within(1e-12));
		// an update applies the decay to the stored buckets
		clock.update("other", 3, 1.0, T0 + 7 * DAY);
		assertThat(clock.buckets("c", T0 + 7 * DAY)[9]).isCloseTo(0.5, within(1e-12));
		assertThat(clock.preference("c", 9, T0 + 7 * DAY)).isCloseTo(before / 2, within(1e-12));
	}

	@Test
	void aLateEventIsAddedDecayedAndDoesNotRewindTheClock() {
		InterestClock clock = new InterestClock(PARAMETERS);
		clock.update("c", 9, 1.0, T0 + 7 * DAY);
		clock.update("c", 9, 1.0, T0);
		assertThat(clock.lastUpdateMillis()).isEqualTo(T0 + 7 * DAY);
		assertThat(clock.buckets("c", T0 + 7 * DAY)[9]).isCloseTo(1.5, within(1e-12));
	}

	@Test
	void negativeRewardsLowerPreferenceWithTheirWeight() {
		InterestClock clock = new InterestClock(PARAMETERS);
		clock.update("c", 9, 1.0, T0);
		double liked = clock.preference("c", 9, T0);
		clock.update("c", 9, -0.25, T0);
		assertThat(clock.preference("c", 9, T0)).isLessThan(liked);
		// negative weight 2: 1 - 2 * 0.25
		assertThat(clock.buckets("c", T0)[9]).isCloseTo(0.5, within(1e-15));
		clock.update("c", 9, -1.0, T0);
		assertThat(clock.preference("c", 9, T0)).isNegative();
		assertThat(clock.distribution(9, T0)).isEmpty();
		assertThat(clock.topCategories(9, T0, 3)).isEmpty();
	}

	@Test
	void aMorningReaderAndAnEveningWatcher() {
		InterestClock clock = new InterestClock(InterestClockParameters.defaults());
		long now = T0;
		for (int day = 0; day < 20; day++) {
			Instant morning = Instant.parse("2026-03-01T09:00:00Z").plus(Duration.ofDays(day));
			Instant evening = Instant.parse("2026-03-01T21:00:00Z").plus(Duration.ofDays(day));
			clock.update("A", morning, ZoneOffset.UTC, 1.0, now);
			clock.update("B", evening, ZoneOffset.UTC, 1.0, now);
			now += DAY;
		}
		assertThat(clock.topCategories(9, now, 1).get(0).category()).isEqualTo("A");
		assertThat(clock.topCategories(21, now, 1).get(0).category()).isEqualTo("B");
		assertThat(clock.topCategories(9.5, now, 2)).extracting(CategoryScore::category).containsExactly("A", "B");
		assertThat(clock.distribution(9, now).get("A")).isGreaterThan(0.99);
		assertThat(clock.distribution(21, now).get("A")).isLessThan(0.01);
	}

	@Test
	void aDistributionIsTheNormalisedPositivePart() {
		InterestClock clock = new InterestClock(PARAMETERS);
		clock.update("a", 9, 3.0, T0);
		clock.update("b", 9, 1.0, T0);
		clock.update("c", 9, -1.0, T0);
		assertThat(clock.distribution(9, T0)).containsOnlyKeys("a", "b");
		assertThat(clock.distribution(9, T0).get("a")).isCloseTo(0.75, within(1e-15));
		assertThat(clock.distribution(9, T0).get("b")).isCloseTo(0.25, within(1e-15));
	}

	@Test
	void evictsTheWeakestOtherCategoryWhenFull() {
		InterestClockParameters two = new InterestClockParameters(1.0, Duration.ofDays(7), 1.0, 1.0, 2);
		InterestClock clock = new InterestClock(two);
		clock.update("strong", 9, 5.0, T0);
		clock.update("weak", 9, 1.0, T0);
		clock.update("new", 9, 0.5, T0);
		assertThat(clock.categories()).containsExactly("new", "strong");
		assertThat(clock.events()).isEqualTo(3);
	}

	@Test
	void negativeRewardsShapeTheClockWithoutCountingAsHistory() {
		InterestClock clock = new InterestClock(PARAMETERS);
		clock.update("old", 9, 3.0, T0);
		clock.update("new", 9, 3.0, T0);
		assertThat(clock.events()).isEqualTo(2);
		// "old" is shown ten times at 09:00 and never taken again: it fades below "new"
		for (int i = 0; i < 10; i++) {
			clock.update("old", 9, -0.1, T0);
		}
		assertThat(clock.events()).isEqualTo(2);
		assertThat(clock.preference("old", 9, T0)).isLessThan(clock.preference("new", 9, T0));
	}

	@Test
	void hourOfDayIsFractionalInTheGivenZone() {
		Instant instant = Instant.parse("2026-03-01T09:30:00Z");
		assertThat(InterestClock.hourOfDay(instant, ZoneOffset.UTC)).isEqualTo(9.5);
		assertThat(InterestClock.hourOfDay(instant, ZoneOffset.ofHours(-10))).isEqualTo(23.5);
	}

	@Test
	void rejectsNonFiniteRewardsHoursAndBadParameters() {
		InterestClock clock = new InterestClock(PARAMETERS);
		assertThatIllegalArgumentException().isThrownBy(() -> clock.update("c", 9, Double.NaN, T0));
		assertThatIllegalArgumentException().isThrownBy(() -> clock.update("c", Double.POSITIVE_INFINITY, 1, T0));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new InterestClockParameters(0, Duration.ofDays(1), 1, 1, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new InterestClockParameters(1, Duration.ZERO, 1, 1, 1));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new InterestClockParameters(1, Duration.ofDays(1), -1, 1, 1));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new InterestClockParameters(1, Duration.ofDays(1), 1, 1, 0));
		assertThat(clock.events()).isZero();
	}

}
