package dev.kairos.core.ranking;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UserStateTest {

	@Test
	void theTalliesOfAnHoursBlockAreThePerCategoryReadsOfThatBlock() {
		UserState user = new UserState(true, 9, 3, 6, Map.of(), List.of(), Set.of(), null,
				Map.of("news:1", 2L, "news:3", 5L, "a:b:1", 1L), Map.of("news:1", 0.4, "films:1", 0.1, "news:2", 9.0));
		for (double hour : new double[] { 6, 9.5, 11.99 }) {
			UserState.BlockTallies tallies = user.tallies(hour);
			for (String category : List.of("news", "films", "a:b", "none")) {
				assertThat(tallies.clicks(category)).isEqualTo(user.blockClicks(category, hour));
				assertThat(tallies.exposure(category)).isEqualTo(user.clockExposure(category, hour));
			}
		}
		assertThat(user.tallies(9).clicks("a:b")).isEqualTo(1);
		assertThat(user.tallies(20).clicks("news")).isEqualTo(5);
	}

	@Test
	void readSmoothlyEachBlockWeighsByTheKernelAroundTheHour() {
		// clicks and exposure of "news" in block 1 (06–12, centre 09:00) only, and of
		// "a:b"
		// in block 0 (00–06, centre 03:00)
		UserState user = new UserState(true, 9, 3, 6, Map.of(), List.of(), Set.of(), null,
				Map.of("news:1", 4L, "a:b:0", 2L), Map.of("news:1", 2.0));
		double sigma = 3;
		// at the block's centre: weight 1
		assertThat(user.tallies(9, sigma).clicks("news")).isCloseTo(4, within(1e-12));
		assertThat(user.tallies(9, sigma).exposure("news")).isCloseTo(2, within(1e-12));
		// at the block's end (12:00), 3 hours from its centre, and at 13:00 in the next
		// block, 4 hours from it: the clicks and exposure fade alike
		double atEnd = Math.exp(-9 / (2 * sigma * sigma));
		assertThat(user.tallies(12, sigma).clicks("news")).isCloseTo(4 * atEnd, within(1e-12));
		assertThat(user.tallies(13, sigma).clicks("news")).isCloseTo(4 * Math.exp(-16 / (2 * sigma * sigma)),
				within(1e-12));
		assertThat(user.tallies(13, sigma).exposure("news")).isCloseTo(2 * Math.exp(-16 / (2 * sigma * sigma)),
				within(1e-12));
		// the clock is circular: 23:00 is 4 hours from 03:00; the colon in a category is
		// kept
		assertThat(user.tallies(23, sigma).clicks("a:b")).isCloseTo(2 * Math.exp(-16 / (2 * sigma * sigma)),
				within(1e-12));
		// width 0: the hour's block alone
		assertThat(user.tallies(13, 0).clicks("news")).isZero();
		assertThat(user.tallies(11, 0).clicks("news")).isEqualTo(4);
	}

}
