package dev.kairos.core.interestclock;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ClockHeatmapTest {

	private static final long NOW = 1_700_000_000_000L;

	private static InterestClock clock() {
		InterestClock clock = new InterestClock(InterestClockParameters.defaults());
		clock.update("books", 9.2, 3, NOW);
		clock.update("books", 9.7, 3, NOW);
		clock.update("games", 20.5, 2, NOW);
		clock.update("news", 23.5, 1, NOW);
		return clock;
	}

	@Test
	void rowsAreTheClockPreferencesAtEachWholeHourStrongestFirst() {
		InterestClock clock = clock();
		ClockHeatmap heatmap = ClockHeatmap.of(clock, NOW);
		assertThat(heatmap.rows()).extracting(ClockHeatmap.Row::category).containsExactly("books", "games", "news");
		for (ClockHeatmap.Row row : heatmap.rows()) {
			assertThat(row.preference()).hasSize(24);
			for (int hour = 0; hour < 24; hour++) {
				assertThat(row.preference()[hour]).isEqualTo(clock.preference(row.category(), hour, NOW));
			}
		}
		assertThat(heatmap.rows().get(0).peakHour()).isEqualTo(9);
		assertThat(heatmap.rows().get(1).peakHour()).isEqualTo(20);
	}

	@Test
	void intensityIsRelativeToThePeakOfTheWholeClock() {
		ClockHeatmap heatmap = ClockHeatmap.of(clock(), NOW);
		ClockHeatmap.Row books = heatmap.rows().get(0);
		assertThat(books.intensity()[9]).isCloseTo(1.0, within(1e-12));
		assertThat(heatmap.peak()).isEqualTo(books.preference()[9]);
		// games got a third of the mass books got: its peak is about a third of the
		// grid's
		assertThat(heatmap.rows().get(1).intensity()[20]).isBetween(0.2, 0.45);
		// far from the clicks, intensity is nearly 0
		assertThat(books.intensity()[21]).isLessThan(0.01);
		for (ClockHeatmap.Row row : heatmap.rows()) {
			for (double intensity : row.intensity()) {
				assertThat(intensity).isBetween(0.0, 1.0);
			}
		}
	}

	@Test
	void theDayWrapsAroundMidnight() {
		ClockHeatmap.Row news = ClockHeatmap.of(clock(), NOW).only(Set.of("news")).rows().get(0);
		assertThat(news.preference()[0]).isGreaterThan(news.preference()[12]);
		assertThat(news.preference()[0]).isCloseTo(news.preference()[22], within(1e-12));
	}

	@Test
	void negativePreferenceReadsAsNoIntensity() {
		InterestClock clock = new InterestClock(InterestClockParameters.defaults());
		clock.update("books", 9, 2, NOW);
		clock.update("spam", 14, -1, NOW);
		ClockHeatmap heatmap = ClockHeatmap.of(clock, NOW);
		ClockHeatmap.Row spam = heatmap.only(List.of("spam")).rows().get(0);
		assertThat(spam.preference()[14]).isNegative();
		assertThat(spam.intensity()[14]).isZero();
		assertThat(heatmap.rows().get(0).category()).isEqualTo("books");
	}

	@Test
	void decayLowersPreferencesButNotIntensities() {
		InterestClock clock = clock();
		long later = NOW + clock.parameters().halfLife().toMillis();
		ClockHeatmap now = ClockHeatmap.of(clock, NOW);
		ClockHeatmap halfLifeLater = ClockHeatmap.of(clock, later);
		assertThat(halfLifeLater.peak()).isCloseTo(now.peak() / 2, within(1e-12));
		assertThat(halfLifeLater.rows().get(1).intensity()[20]).isCloseTo(now.rows().get(1).intensity()[20],
				within(1e-12));
	}

	@Test
	void anAbsentOrEmptyClockHasNoRows() {
		assertThat(ClockHeatmap.of(null, NOW).rows()).isEmpty();
		ClockHeatmap empty = ClockHeatmap.of(new InterestClock(InterestClockParameters.defaults()), NOW);
		assertThat(empty.rows()).isEmpty();
		assertThat(empty.peak()).isZero();
	}

}
