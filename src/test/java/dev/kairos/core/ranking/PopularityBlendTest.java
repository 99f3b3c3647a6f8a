package dev.kairos.core.ranking;

import java.util.List;

import dev.kairos.core.ranking.PopularityBlend.Candidate;
import dev.kairos.core.ranking.PopularityBlend.Ranked;
import dev.kairos.core.ranking.PopularityBlend.Reason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class PopularityBlendTest {

	private final PopularityBlend blend = PopularityBlend.DEFAULT;

	@Test
	void interestInACategoryOutranksSomewhatMorePopularItems() {
		List<Ranked> ranked = this.blend.rank(
				List.of(new Candidate("popular", 3, 3, 0, false), new Candidate("liked-category", 0, 0, 4, false)), 2);
		assertThat(ranked).extracting(Ranked::id).containsExactly("liked-category", "popular");
		assertThat(ranked.get(0).reason()).isEqualTo(Reason.INTEREST);
		assertThat(ranked.get(1).reason()).isEqualTo(Reason.TRENDING);
	}

	@Test
	void scoresInTheCandidatesOrderAreTheRankingsScores() {
		List<Candidate> candidates = List.of(new Candidate("a", 2, 9, 0, false), new Candidate("b", 40, 1, 3, false),
				new Candidate("c", 0, 0, 0, true), new Candidate("d", 7, 7, 1, false));
		List<Ranked> scored = this.blend.score(candidates);
		assertThat(scored).extracting(Ranked::id).containsExactly("a", "b", "c", "d");
		assertThat(scored).containsExactlyInAnyOrderElementsOf(this.blend.rank(candidates, candidates.size()));
	}

	@Test
	void signalsAreLogScaledByTheLargestAboveTheFloor() {
		List<Ranked> ranked = this.blend
			.rank(List.of(new Candidate("a", 99, 0, 0, false), new Candidate("b", 9, 0, 0, false)), 2);
		// ln(100)/ln(100) and ln(10)/ln(100)
		assertThat(ranked.get(0).score()).isCloseTo(0.25, within(1e-12));
		assertThat(ranked.get(1).score()).isCloseTo(0.125, within(1e-12));
	}

	@Test
	void aSignalThatDecayedToNearlyNothingIsNotBlownUp() {
		List<Ranked> ranked = this.blend.rank(List.of(new Candidate("a", 0, 1e-9, 0, false)), 1);
		assertThat(ranked.get(0).score()).isLessThan(1e-9);
	}

	@Test
	void aRecentBurstLeadsWhileItIsRecent() {
		// an item bought three times (weight 15) long ago, one viewed (weight 1) just
		// now; half-lives 7 d and 6 h
		double popularityDecay = Math.log(2) / (7 * 24);
		double trendingDecay = Math.log(2) / 6;
		for (double hoursLater : new double[] { 0, 24 * 7 }) {
			double oldAge = 19 * 24 + hoursLater;
			Candidate old = new Candidate("old", 15 * Math.exp(-popularityDecay * oldAge),
					15 * Math.exp(-trendingDecay * oldAge), 0, false);
			Candidate fresh = new Candidate("fresh", Math.exp(-popularityDecay * hoursLater),
					Math.exp(-trendingDecay * hoursLater), 0, false);
			String first = this.blend.rank(List.of(old, fresh), 2).get(0).id();
			assertThat(first).isEqualTo(hoursLater == 0 ? "fresh" : "old");
		}
	}

	@Test
	void aNewItemWithNoDataStillGetsAScoreAndItsReason() {
		List<Ranked> ranked = this.blend
			.rank(List.of(new Candidate("old", 0, 0, 0, false), new Candidate("new", 0, 0, 0, true)), 2);
		assertThat(ranked.get(0).id()).isEqualTo("new");
		assertThat(ranked.get(0).reason()).isEqualTo(Reason.NEW_ITEM);
	}

	@Test
	void tiesBreakOnIdAndCountIsHonoured() {
		List<Ranked> ranked = this.blend.rank(List.of(new Candidate("c", 1, 1, 0, false),
				new Candidate("a", 1, 1, 0, false), new Candidate("b", 1, 1, 0, false)), 2);
		assertThat(ranked).extracting(Ranked::id).containsExactly("a", "b");
	}

	@Test
	void rejectsNegativeWeights() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PopularityBlend(-1, 0, 0, 0, 1));
	}

}
