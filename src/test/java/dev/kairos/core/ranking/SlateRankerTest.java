package dev.kairos.core.ranking;

import java.util.List;

import dev.kairos.core.ranking.SlateRanker.RankedItem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SlateRankerTest {

	private final SlateRanker ranker = new SlateRanker(0.5, 200, 0.5, PopularityBlend.DEFAULT, 2, 0, 0);

	private static CandidateSignals item(String id, String category, double popularity, double userClock) {
		return new CandidateSignals(id, category, popularity, 0, 0.05, 0, userClock, 0, false, 100, 0, userClock, 0);
	}

	@Test
	void theInterestClockLiftsTheCategoryOfThisHour() {
		UserSignals user = new UserSignals(true, 20, 0.1, 9, 0);
		List<CandidateSignals> candidates = List.of(item("popular", "b", 10, 0), item("morning", "a", 1, 1));
		List<RankedItem> slate = this.ranker.rank(user, candidates, new double[2], new double[2], 0, 2, true);
		assertThat(slate).extracting(RankedItem::itemId).containsExactly("morning", "popular");
		assertThat(slate.get(0).reason()).isEqualTo(Reason.INTEREST_CLOCK);
		assertThat(slate.get(0).clockTerm()).isEqualTo(0.5);
	}

	@Test
	void withoutTheClockTermPopularityWins() {
		SlateRanker noClock = new SlateRanker(0, 200, 0.5, PopularityBlend.DEFAULT, 2, 0, 0);
		UserSignals user = new UserSignals(true, 20, 0.1, 9, 0);
		List<RankedItem> slate = noClock.rank(user, List.of(item("popular", "b", 10, 0), item("morning", "a", 1, 1)),
				new double[2], new double[2], 0, 2, true);
		assertThat(slate.get(0).itemId()).isEqualTo("popular");
	}

	@Test
	void theModelTakesOverAsItLearns() {
		UserSignals user = new UserSignals(true, 20, 0.1, 9, 0);
		List<CandidateSignals> candidates = List.of(item("popular", "b", 10, 0), item("learned", "a", 0, 0));
		double[] expected = { 0.0, 0.9 };
		double[] bonus = { 0.0, 0.0 };
		assertThat(this.ranker.rank(user, candidates, expected, bonus, 0, 1, true).get(0).itemId())
			.isEqualTo("popular");
		List<RankedItem> trained = this.ranker.rank(user, candidates, expected, bonus, 100_000, 1, true);
		assertThat(trained.get(0).itemId()).isEqualTo("learned");
		assertThat(trained.get(0).reason()).isEqualTo(Reason.EXPLOIT);
		double[] explore = { 0.0, 0.0 };
		double[] bonusOnly = { 0.0, 0.9 };
		assertThat(this.ranker.rank(user, candidates, explore, bonusOnly, 100_000, 1, true).get(0).reason())
			.isEqualTo(Reason.EXPLORE);
	}

	@Test
	void aCategoryTakesOnePlaceUntilTheUsersOwnClockVouchesForItThenAtMostItsShare() {
		UserSignals user = new UserSignals(true, 10, 0.05, 9, 0);
		List<CandidateSignals> unknown = List.of(item("a1", "a", 9, 0), item("a2", "a", 8, 0), item("a3", "a", 7, 0),
				item("b1", "b", 1, 0));
		// nothing known of this user at this hour: one place per category, the rest fills
		assertThat(this.ranker.rank(user, unknown, new double[4], new double[4], 0, 4, true))
			.extracting(RankedItem::itemId)
			.containsExactly("a1", "b1", "a2", "a3");
		// their clock vouches for "a" now: it may take half the slate (2 of 4), not more
		List<CandidateSignals> vouched = List.of(item("a1", "a", 9, 0.8), item("a2", "a", 8, 0.8),
				item("a3", "a", 7, 0.8), item("b1", "b", 1, 0));
		List<RankedItem> slate = this.ranker.rank(user, vouched, new double[4], new double[4], 0, 4, true);
		assertThat(slate).extracting(RankedItem::itemId).containsExactly("a1", "a2", "b1", "a3");
		List<RankedItem> undiversified = this.ranker.rank(user, unknown, new double[4], new double[4], 0, 3, false);
		assertThat(undiversified).extracting(RankedItem::itemId).containsExactly("a1", "a2", "a3");
	}

	@Test
	void aUserWithNoHistoryIsACaseOfColdStartEvenForATrainedModel() {
		UserSignals stranger = new UserSignals(false, 0, 0.05, 9, 0);
		List<CandidateSignals> candidates = List.of(item("a", "a", 1, 0), item("b", "b", 1, 0));
		List<RankedItem> slate = this.ranker.rank(stranger, candidates, new double[] { 0.9, 0.1 },
				new double[] { 0.01, 0.5 }, 100_000, 2, true);
		assertThat(slate.get(0).reason()).isEqualTo(Reason.COLD_START);
		assertThat(slate.get(1).reason()).isEqualTo(Reason.EXPLORE);
	}

	@Test
	void anItemWithoutDataOfItsOwnGetsTheItemExplorationBonus() {
		SlateRanker exploring = new SlateRanker(0.5, 200, 0.5, PopularityBlend.DEFAULT, 2, 2, 0);
		UserSignals user = new UserSignals(true, 20, 0.1, 9, 0);
		CandidateSignals known = new CandidateSignals("known", "a", 0, 0, 0.1, 0, 0, 0, false, 100, 0.005, 0, 0);
		CandidateSignals fresh = new CandidateSignals("fresh", "b", 0, 0, 0.1, 0, 0, 0, false, 1, 0.06, 0, 0);
		double[] expected = { 0.15, 0.1 };
		List<RankedItem> slate = exploring.rank(user, List.of(known, fresh), expected, new double[2], 100_000, 2, true);
		assertThat(slate.get(0).itemId()).isEqualTo("fresh");
		assertThat(slate.get(0).reason()).isEqualTo(Reason.EXPLORE);
		assertThat(slate.get(0).explorationBonus()).isCloseTo(0.12, org.assertj.core.api.Assertions.within(1e-12));
		assertThat(this.ranker.rank(user, List.of(known, fresh), expected, new double[2], 100_000, 2, true)
			.get(0)
			.itemId()).isEqualTo("known");
	}

	@Test
	void aCategoryTheUserWasRarelyShownAtThisHourGetsTried() {
		SlateRanker exploring = new SlateRanker(0.5, 200, 0.5, PopularityBlend.DEFAULT, 2, 0, 0.1);
		UserSignals user = new UserSignals(true, 20, 0.1, 9, 40);
		CandidateSignals seen = new CandidateSignals("seen", "a", 0, 0, 0.1, 0, 0, 0, false, 100, 0, 0, 39);
		CandidateSignals unseen = new CandidateSignals("unseen", "b", 0, 0, 0.1, 0, 0, 0, false, 100, 0, 0, 1);
		double[] expected = { 0.12, 0.1 };
		List<RankedItem> slate = exploring.rank(user, List.of(seen, unseen), expected, new double[2], 100_000, 2, true);
		assertThat(slate.get(0).itemId()).isEqualTo("unseen");
		assertThat(slate.get(0).reason()).isEqualTo(Reason.EXPLORE);
		assertThat(slate.get(0).explorationBonus()).isCloseTo(0.1 * Math.sqrt(Math.log(41) / 2),
				org.assertj.core.api.Assertions.within(1e-12));
		// without the bonus the better-rated category wins
		assertThat(this.ranker.rank(user, List.of(seen, unseen), expected, new double[2], 100_000, 2, true)
			.get(0)
			.itemId()).isEqualTo("seen");
	}

	@Test
	void rejectsBadSettings() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SlateRanker(0, 1, 0.5, PopularityBlend.DEFAULT, 2, -1, 0));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SlateRanker(-1, 1, 0.5, PopularityBlend.DEFAULT, 2, 0, 0));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SlateRanker(0, 0, 0.5, PopularityBlend.DEFAULT, 2, 0, 0));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SlateRanker(0, 1, 0, PopularityBlend.DEFAULT, 2, 0, 0));
	}

}
