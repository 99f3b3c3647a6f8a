package dev.kairos.core.ranking;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ExposureTest {

	@Test
	void theItemCountsTheViewersLiftAndTheUserTheItemsRateBothDiscountedByPosition() {
		Exposure top = Exposure.of(0, 0.05, 3, 0.1);
		assertThat(top.discount()).isEqualTo(1.0);
		assertThat(top.item()).isCloseTo(0.15, within(1e-12));
		assertThat(top.user()).isCloseTo(0.1, within(1e-12));
		// the third place: 1 / log2(4)
		Exposure third = Exposure.of(2, 0.05, 3, 0.1);
		assertThat(third.discount()).isCloseTo(0.5, within(1e-12));
		assertThat(third.item()).isCloseTo(0.075, within(1e-12));
		assertThat(third.user()).isCloseTo(0.05, within(1e-12));
	}

	@Test
	void badInputAddsNothing() {
		Exposure bad = Exposure.of(-3, Double.NaN, -1, Double.POSITIVE_INFINITY);
		assertThat(bad.discount()).isEqualTo(1.0);
		assertThat(bad.item()).isZero();
		assertThat(bad.user()).isZero();
	}

}
