package dev.kairos.core.ranking;

import java.util.List;

import dev.kairos.core.stats.SmoothedRate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ItemRatesTest {

	private final SmoothedRate global = new SmoothedRate(0.05, 20);

	@Test
	void aNewItemStartsAtItsCategorysRateNotTheGlobalPrior() {
		ItemRates.Rate[] rates = ItemRates.of(List.of(new ItemRates.Counts("shoes", 300, 1000),
				new ItemRates.Counts("shoes", 0, 0), new ItemRates.Counts("hats", 0, 0)), this.global);
		// shoes pooled: (300 + 1) / (1000 + 20)
		double shoes = 301.0 / 1020;
		assertThat(rates[1].rate()).isCloseTo(shoes, within(1e-12));
		assertThat(rates[2].rate()).isCloseTo(0.05, within(1e-12));
		assertThat(rates[0].rate()).isCloseTo((300 + 20 * shoes) / 1020, within(1e-12));
	}

	@Test
	void uncertaintyShrinksWithImpressions() {
		ItemRates.Rate[] rates = ItemRates.of(List.of(new ItemRates.Counts("c", 0, 0),
				new ItemRates.Counts("c", 10, 100), new ItemRates.Counts("c", 100, 1000)), this.global);
		assertThat(rates[0].uncertainty()).isGreaterThan(rates[1].uncertainty());
		assertThat(rates[1].uncertainty()).isGreaterThan(rates[2].uncertainty());
		double r = rates[2].rate();
		assertThat(rates[2].uncertainty()).isCloseTo(Math.sqrt(r * (1 - r) / 1021), within(1e-12));
	}

	@Test
	void clicksWithoutImpressionsStayARate() {
		ItemRates.Rate[] rates = ItemRates.of(List.of(new ItemRates.Counts("c", 50, 0)), this.global);
		assertThat(rates[0].rate()).isBetween(0.0, 1.0);
		assertThat(rates[0].uncertainty()).isFinite();
	}

}
