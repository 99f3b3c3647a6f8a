package dev.kairos.core.ranking;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** Repeat consumption's counting, smoothing and allocation, alone. */
class RepeatConsumptionTest {

	private static final RepeatConsumption LEARNED = new RepeatConsumption(true, 5);

	@Test
	void aConsumptionIsARepeatOnlyIfTheItemWasConsumedAtAnotherTime() {
		assertThat(RepeatConsumption.Counts.of(null, 1_000)).isEqualTo(new RepeatConsumption.Counts(1, 0));
		assertThat(RepeatConsumption.Counts.of(500L, 1_000)).isEqualTo(new RepeatConsumption.Counts(1, 1));
		// an older event of an item consumed later (out of order) is a repeat too
		assertThat(RepeatConsumption.Counts.of(2_000L, 1_000)).isEqualTo(new RepeatConsumption.Counts(1, 1));
		// the same item twice in one basket (one time) is one consumption
		assertThat(RepeatConsumption.Counts.of(1_000L, 1_000)).isEqualTo(RepeatConsumption.Counts.NONE);
	}

	@Test
	void countsAddAndTheirRawShareIsZeroBeforeAnyConsumption() {
		RepeatConsumption.Counts c = RepeatConsumption.Counts.NONE.plus(RepeatConsumption.Counts.of(null, 1))
			.plus(RepeatConsumption.Counts.of(1L, 2))
			.plus(RepeatConsumption.Counts.of(null, 3))
			.plus(RepeatConsumption.Counts.of(3L, 3));
		assertThat(c).isEqualTo(new RepeatConsumption.Counts(3, 1));
		assertThat(c.share()).isCloseTo(1.0 / 3, within(1e-12));
		assertThat(RepeatConsumption.Counts.NONE.share()).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> new RepeatConsumption.Counts(-1, 0));
	}

	@Test
	void theSharesSmoothedTowardsThePopulationsByThePriorStrength() {
		RepeatConsumption.Counts population = new RepeatConsumption.Counts(1_000, 300);
		// a new user gets the population's share
		assertThat(LEARNED.share(RepeatConsumption.Counts.NONE, population)).isCloseTo(0.3, within(1e-12));
		// (4 + 5·0.3)/(10 + 5)
		assertThat(LEARNED.share(new RepeatConsumption.Counts(10, 4), population)).isCloseTo(5.5 / 15, within(1e-12));
		// with many consumptions, their own
		assertThat(LEARNED.share(new RepeatConsumption.Counts(100_000, 90_000), population)).isCloseTo(0.9,
				within(1e-3));
		// nobody ever consumed anything twice: 0 for everybody
		assertThat(LEARNED.share(new RepeatConsumption.Counts(50, 0), new RepeatConsumption.Counts(5_000, 0))).isZero();
		assertThatIllegalArgumentException().isThrownBy(() -> new RepeatConsumption(true, 0));
	}

	@Test
	void theSlateGivesTheRoundedShareOfItsPlacesOnlyWithTheRuleOn() {
		RepeatConsumption.Counts population = new RepeatConsumption.Counts(1_000, 300);
		assertThat(LEARNED.places(10, RepeatConsumption.Counts.NONE, population)).isEqualTo(3);
		assertThat(LEARNED.places(5, RepeatConsumption.Counts.NONE, population)).isEqualTo(2);
		assertThat(LEARNED.places(1, RepeatConsumption.Counts.NONE, population)).isZero();
		assertThat(RepeatConsumption.NEVER.places(10, new RepeatConsumption.Counts(10, 10), population)).isZero();
		assertThat(LEARNED.places(10, new RepeatConsumption.Counts(10, 0), RepeatConsumption.Counts.NONE)).isZero();
		assertThat(RepeatConsumption.places(10, 1.0)).isEqualTo(10);
		assertThat(RepeatConsumption.places(10, 0.04)).isZero();
		assertThat(RepeatConsumption.places(10, 0.05)).isEqualTo(1);
	}

	@Test
	void theItemsAreTheMostRecentEligibleOnesOnce() {
		List<String> consumed = List.of("d", "gone", "c", "d", "b", "a");
		Set<String> recommendable = Set.of("a", "b", "c", "d");
		assertThat(RepeatConsumption.items(consumed, 3, recommendable::contains)).containsExactly("d", "c", "b");
		assertThat(RepeatConsumption.items(consumed, 10, recommendable::contains)).containsExactly("d", "c", "b", "a");
		assertThat(RepeatConsumption.items(consumed, 0, recommendable::contains)).isEmpty();
	}

}
