package dev.kairos.core.ranking;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

}
