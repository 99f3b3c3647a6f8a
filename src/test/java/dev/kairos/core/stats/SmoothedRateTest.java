package dev.kairos.core.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class SmoothedRateTest {

	private final SmoothedRate ctr = new SmoothedRate(0.05, 20);

	@Test
	void withNoDataItIsThePrior() {
		assertThat(this.ctr.estimate(0, 0)).isCloseTo(0.05, within(1e-15));
	}

	@Test
	void isThePosteriorMean() {
		// (3 + 0.05 * 20) / (10 + 20)
		assertThat(this.ctr.estimate(3, 10)).isCloseTo(4.0 / 30, within(1e-15));
	}

	@Test
	void approachesTheObservedRateWithData() {
		assertThat(this.ctr.estimate(30_000, 100_000)).isCloseTo(0.3, within(1e-3));
	}

	@Test
	void neverExceedsOneWhenClicksOutnumberReportedImpressions() {
		assertThat(this.ctr.estimate(50, 0)).isLessThan(1).isCloseTo(51.0 / 70, within(1e-15));
	}

	@Test
	void rejectsBadParameters() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SmoothedRate(0, 1));
		assertThatIllegalArgumentException().isThrownBy(() -> new SmoothedRate(0.1, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> this.ctr.estimate(-1, 2));
	}

}
