package dev.kairos.core.ranking;

import java.util.List;

import dev.kairos.core.ranking.PopularityBlend.Candidate;
import dev.kairos.core.ranking.PopularityBlend.Ranked;
import dev.kairos.core.ranking.PopularityBlend.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PopularityBlendTest {

	@Test
	void interestInACategoryOutranksGlobalPopularity() {
		List<Ranked> ranked = PopularityBlend.DEFAULT.rank(List.of(new Candidate("popular", 100, 10, 0, false),
				new Candidate("liked-category", 10, 1, 5, false)), 2);
		assertThat(ranked).extracting(Ranked::id).containsExactly("liked-category", "popular");
		assertThat(ranked.get(0).reason()).isEqualTo(Reason.INTEREST);
		assertThat(ranked.get(1).reason()).isEqualTo(Reason.TRENDING);
	}

	@Test
	void scoresAreScaledByTheLargestSignal() {
		List<Ranked> ranked = PopularityBlend.DEFAULT.rank(List.of(new Candidate("a", 4, 2, 0, false),
				new Candidate("b", 2, 1, 0, false)), 2);
		assertThat(ranked.get(0).score()).isCloseTo(0.6, within(1e-12));
		assertThat(ranked.get(1).score()).isCloseTo(0.3, within(1e-12));
	}

	@Test
	void aNewItemWithNoDataStillGetsAScoreAndItsReason() {
		List<Ranked> ranked = PopularityBlend.DEFAULT.rank(List.of(new Candidate("old", 0, 0, 0, false),
				new Candidate("new", 0, 0, 0, true)), 2);
		assertThat(ranked.get(0).id()).isEqualTo("new");
		assertThat(ranked.get(0).reason()).isEqualTo(Reason.NEW_ITEM);
	}

	@Test
	void tiesBreakOnIdAndCountIsHonoured() {
		List<Ranked> ranked = PopularityBlend.DEFAULT.rank(List.of(new Candidate("c", 1, 1, 0, false),
				new Candidate("a", 1, 1, 0, false), new Candidate("b", 1, 1, 0, false)), 2);
		assertThat(ranked).extracting(Ranked::id).containsExactly("a", "b");
	}

}
