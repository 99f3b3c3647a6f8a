package dev.kairos.core.ranking;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ItemRatesTest {

	@Test
	void anItemNeverShownIsTheAverageItemAndClicksAgainstItsExposureSetItApart() {
		ItemRates.Rate[] rates = ItemRates
			.of(List.of(new ItemRates.Counts(0, 0), new ItemRates.Counts(6, 2), new ItemRates.Counts(0, 4)), 0.05, 2);
		assertThat(rates[0].rate()).isCloseTo(0.05, within(1e-12));
		// Gamma(2 + 6, 2 + 2): four times the average's clicks for its exposure
		assertThat(rates[1].rate()).isCloseTo(0.05 * 8 / 4, within(1e-12));
		assertThat(rates[2].rate()).isCloseTo(0.05 * 2 / 6, within(1e-12));
	}

	@Test
	void theSameClicksMeanMoreFromLessExposure() {
		// one item shown to its category's fans (exposure 6), one to the others (1.5):
		// three clicks each
		ItemRates.Rate[] rates = ItemRates.of(List.of(new ItemRates.Counts(3, 6), new ItemRates.Counts(3, 1.5)), 0.05,
				2);
		assertThat(rates[1].rate()).isGreaterThan(rates[0].rate());
	}

	@Test
	void uncertaintyShrinksWithExposure() {
		ItemRates.Rate[] rates = ItemRates
			.of(List.of(new ItemRates.Counts(0, 0), new ItemRates.Counts(5, 5), new ItemRates.Counts(50, 50)), 0.05, 2);
		assertThat(rates[0].uncertainty()).isGreaterThan(rates[1].uncertainty());
		assertThat(rates[1].uncertainty()).isGreaterThan(rates[2].uncertainty());
		assertThat(rates[2].uncertainty()).isCloseTo(0.05 * Math.sqrt(52) / 52, within(1e-12));
	}

	@Test
	void badCountsStayARate() {
		ItemRates.Rate[] rates = ItemRates.of(List.of(new ItemRates.Counts(-1, Double.NaN)), Double.NaN, 2);
		assertThat(rates[0].rate()).isBetween(0.0, 1.0);
		assertThat(rates[0].uncertainty()).isFinite();
		ItemRates.Rate[] many = ItemRates.of(List.of(new ItemRates.Counts(1_000_000, 0)), 0.05, 2);
		assertThat(many[0].rate()).isEqualTo(1.0);
		assertThat(many[0].uncertainty()).isFinite();
		assertThatIllegalArgumentException().isThrownBy(() -> ItemRates.of(List.of(), 0.05, 0));
	}

}
