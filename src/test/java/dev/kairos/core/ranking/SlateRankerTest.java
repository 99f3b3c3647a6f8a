package dev.kairos.core.ranking;

import java.util.List;

import dev.kairos.core.ranking.SlateRanker.RankedItem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.within;

class SlateRankerTest {

	/** No lift optimism: the clock term alone. */
	private static final ClockLift NO_OPTIMISM = new ClockLift(1, 0, false, 1);

	private static final java.util.SplittableRandom RANDOM = new java.util.SplittableRandom(1);

	private final SlateRanker ranker = new SlateRanker(1, 200, 0.5, PopularityBlend.DEFAULT, 2, 0, NO_OPTIMISM);

	private final UserSignals user = new UserSignals(true, 20, 0.1, 9);

	/**
	 * An item of rate 0.05; the user clicked its category {@code clicks} times in
	 * {@code shown} impressions of such items at this hour (exposure
	 * {@code shown · 0.05}).
	 */
	private static CandidateSignals item(String id, String category, double popularity, long clicks, long shown) {
		return new CandidateSignals(id, category, popularity, 0, 0.05, 0, 0, 0, false, 100, 0, clicks, shown * 0.05, 1);
	}

	@Test
	void anItemScoresItsRateTimesTheUsersLiftForItsCategory() {
		// "good" is twice as good as "fair", but its category is one the user passes
		// over at this hour (40 impressions, no click: lift 1 / 3), while they clicked
		// "fair"'s 3 times in 4 (lift 4 / 1.2)
		CandidateSignals good = new CandidateSignals("good", "a", 0, 0, 0.1, 0, 0, 0, false, 100, 0, 0, 2, 1);
		CandidateSignals fair = new CandidateSignals("fair", "b", 0, 0, 0.05, 0, 0, 0, false, 100, 0, 3, 0.2, 1);
		List<RankedItem> slate = this.ranker.rank(this.user, List.of(good, fair), new double[2], new double[2],
				1_000_000_000L, 2, true, RANDOM);
		assertThat(slate).extracting(RankedItem::itemId).containsExactly("fair", "good");
		assertThat(slate.get(0).score()).isCloseTo(0.05 * 4 / 1.2, within(1e-6));
		assertThat(slate.get(1).score()).isCloseTo(0.1 / 3, within(1e-6));
		assertThat(slate.get(0).lift()).isCloseTo(4 / 1.2, within(1e-12));
		assertThat(slate.get(0).itemRate()).isEqualTo(0.05);
	}

	@Test
	void aCategoryTheUserClicksAtThisHourRises() {
		// "a" was clicked 3 times in 4 impressions in this block: lift (1 + 3) / (1 +
		// 4·0.05)
		List<CandidateSignals> candidates = List.of(item("popular", "b", 10, 0, 0), item("morning", "a", 1, 3, 4));
		double[] expected = { 0.06, 0.05 };
		List<RankedItem> slate = this.ranker.rank(this.user, candidates, expected, new double[2], 100_000, 2, true,
				RANDOM);
		assertThat(slate).extracting(RankedItem::itemId).containsExactly("morning", "popular");
		assertThat(slate.get(0).reason()).isEqualTo(Reason.INTEREST_CLOCK);
		assertThat(slate.get(0).clockTerm()).isCloseTo((4 / 1.2 - 1) * 0.05, within(1e-12));
		assertThat(slate.get(1).clockTerm()).isZero();
	}

	@Test
	void withoutTheClockTermTheModelDecides() {
		SlateRanker noClock = new SlateRanker(0, 200, 0.5, PopularityBlend.DEFAULT, 2, 0,
				new ClockLift(1, 1, false, 1));
		List<RankedItem> slate = noClock.rank(this.user,
				List.of(item("popular", "b", 10, 0, 0), item("morning", "a", 1, 3, 4)), new double[] { 0.06, 0.05 },
				new double[2], 100_000, 2, true, RANDOM);
		assertThat(slate.get(0).itemId()).isEqualTo("popular");
		assertThat(slate).allSatisfy((r) -> assertThat(r.clockTerm()).isZero());
	}

	@Test
	void aCategoryTheUserKeepsPassingOverSinks() {
		// "a" shown 40 times in this block and never clicked: lift 1 / (1 + 40·0.05) =
		// 1/3
		List<CandidateSignals> candidates = List.of(item("ignored", "a", 1, 0, 40), item("other", "b", 1, 0, 0));
		double[] expected = { 0.06, 0.05 };
		List<RankedItem> slate = this.ranker.rank(this.user, candidates, expected, new double[2], 100_000, 2, true,
				RANDOM);
		assertThat(slate).extracting(RankedItem::itemId).containsExactly("other", "ignored");
		assertThat(slate.get(1).clockTerm()).isCloseTo((1 / 3.0 - 1) * 0.05, within(1e-12));
	}

	@Test
	void theModelTakesOverAsItLearns() {
		List<CandidateSignals> candidates = List.of(item("popular", "b", 10, 0, 0), item("learned", "a", 0, 0, 0));
		double[] expected = { 0.0, 0.9 };
		double[] bonus = { 0.0, 0.0 };
		assertThat(this.ranker.rank(this.user, candidates, expected, bonus, 0, 1, true, RANDOM).get(0).itemId())
			.isEqualTo("popular");
		List<RankedItem> trained = this.ranker.rank(this.user, candidates, expected, bonus, 100_000, 1, true, RANDOM);
		assertThat(trained.get(0).itemId()).isEqualTo("learned");
		assertThat(trained.get(0).reason()).isEqualTo(Reason.EXPLOIT);
		double[] explore = { 0.0, 0.0 };
		double[] bonusOnly = { 0.0, 0.9 };
		assertThat(
				this.ranker.rank(this.user, candidates, explore, bonusOnly, 100_000, 1, true, RANDOM).get(0).reason())
			.isEqualTo(Reason.EXPLORE);
	}

	@Test
	void aCategoryTakesOnePlaceUntilTheUsersLiftVouchesForItThenAtMostItsShare() {
		List<CandidateSignals> unknown = List.of(item("a1", "a", 9, 0, 0), item("a2", "a", 8, 0, 0),
				item("a3", "a", 7, 0, 0), item("b1", "b", 1, 0, 0));
		// nothing known of this user at this hour: one place per category, the rest fills
		assertThat(this.ranker.rank(this.user, unknown, new double[4], new double[4], 0, 4, true, RANDOM))
			.extracting(RankedItem::itemId)
			.containsExactly("a1", "b1", "a2", "a3");
		// they clicked "a" twice in two impressions here: lift 3 / 1.1 ≥ 2, so it may
		// take
		// half the slate (2 of 4), not more
		List<CandidateSignals> vouched = List.of(item("a1", "a", 9, 2, 2), item("a2", "a", 8, 2, 2),
				item("a3", "a", 7, 2, 2), item("b1", "b", 1, 0, 0));
		List<RankedItem> slate = this.ranker.rank(this.user, vouched, new double[4], new double[4], 0, 4, true, RANDOM);
		assertThat(slate).extracting(RankedItem::itemId).containsExactly("a1", "a2", "b1", "a3");
		// one click in one impression is not enough yet: lift 2 / 1.05 < 2
		List<CandidateSignals> once = List.of(item("a1", "a", 9, 1, 1), item("a2", "a", 8, 1, 1),
				item("a3", "a", 7, 1, 1), item("b1", "b", 1, 0, 0));
		assertThat(this.ranker.rank(this.user, once, new double[4], new double[4], 0, 4, true, RANDOM))
			.extracting(RankedItem::itemId)
			.containsExactly("a1", "b1", "a2", "a3");
		List<RankedItem> undiversified = this.ranker.rank(this.user, unknown, new double[4], new double[4], 0, 3, false,
				RANDOM);
		assertThat(undiversified).extracting(RankedItem::itemId).containsExactly("a1", "a2", "a3");
	}

	@Test
	void aUserWithNoHistoryIsACaseOfColdStartEvenForATrainedModel() {
		UserSignals stranger = new UserSignals(false, 0, 0.05, 9);
		List<CandidateSignals> candidates = List.of(item("a", "a", 1, 0, 0), item("b", "b", 1, 0, 0));
		List<RankedItem> slate = this.ranker.rank(stranger, candidates, new double[] { 0.9, 0.1 },
				new double[] { 0.01, 0.5 }, 100_000, 2, true, RANDOM);
		assertThat(slate.get(0).reason()).isEqualTo(Reason.COLD_START);
		assertThat(slate.get(1).reason()).isEqualTo(Reason.EXPLORE);
	}

	@Test
	void theGlobalClockSeedsANewUsersLift() {
		UserSignals stranger = new UserSignals(false, 0, 0.05, 9);
		// the crowd prefers "b" at this hour: prior lift 2 against 0.5
		CandidateSignals a = new CandidateSignals("a", "a", 1, 0, 0.05, 0, 0, 0, false, 100, 0, 0, 0, 0.5);
		CandidateSignals b = new CandidateSignals("b", "b", 1, 0, 0.05, 0, 0, 0, false, 100, 0, 0, 0, 2);
		List<RankedItem> slate = this.ranker.rank(stranger, List.of(a, b), new double[] { 0.06, 0.05 }, new double[2],
				100_000, 2, true, RANDOM);
		assertThat(slate).extracting(RankedItem::itemId).containsExactly("b", "a");
		assertThat(slate.get(0).clockTerm()).isCloseTo(0.05, within(1e-12));
	}

	@Test
	void anItemWithoutDataOfItsOwnGetsTheItemExplorationBonus() {
		SlateRanker exploring = new SlateRanker(1, 200, 0.5, PopularityBlend.DEFAULT, 2, 2, NO_OPTIMISM);
		CandidateSignals known = new CandidateSignals("known", "a", 0, 0, 0.05, 0, 0, 0, false, 100, 0.005, 0, 0, 1);
		CandidateSignals fresh = new CandidateSignals("fresh", "b", 0, 0, 0.05, 0, 0, 0, false, 1, 0.08, 0, 0, 1);
		double[] expected = { 0.12, 0 };
		List<RankedItem> slate = exploring.rank(this.user, List.of(known, fresh), expected, new double[2], 100_000, 2,
				true, RANDOM);
		assertThat(slate.get(0).itemId()).isEqualTo("fresh");
		assertThat(slate.get(0).reason()).isEqualTo(Reason.EXPLORE);
		assertThat(slate.get(0).explorationBonus()).isCloseTo(0.16, within(1e-12));
		assertThat(this.ranker.rank(this.user, List.of(known, fresh), expected, new double[2], 100_000, 2, true, RANDOM)
			.get(0)
			.itemId()).isEqualTo("known");
	}

	@Test
	void aNewItemIsExploredBeforeAnOldOneAsUnknown() {
		SlateRanker exploring = new SlateRanker(1, 200, 0.5, PopularityBlend.DEFAULT, 2, 2, NO_OPTIMISM);
		// the same rate and uncertainty (neither was shown), the old one a little better
		// by the model
		CandidateSignals old = new CandidateSignals("old", "a", 0, 0, 0.1, 0, 0, 0, false, 2000, 0.06, 0, 0, 1);
		CandidateSignals fresh = new CandidateSignals("new", "b", 0, 0, 0.1, 0, 0, 0, true, 1, 0.06, 0, 0, 1);
		List<RankedItem> slate = exploring.rank(this.user, List.of(old, fresh), new double[] { 0.11, 0.1 },
				new double[2], 100_000, 2, true, RANDOM);
		assertThat(slate.get(0).itemId()).isEqualTo("new");
		assertThat(slate.get(0).explorationBonus()).isCloseTo(2 * 0.06 * SlateRanker.NEW_ITEM_EXPLORATION,
				within(1e-12));
		assertThat(slate.get(1).explorationBonus()).isCloseTo(2 * 0.06, within(1e-12));
	}

	@Test
	void aCategoryTheUserWasRarelyShownAtThisHourGetsTried() {
		SlateRanker exploring = new SlateRanker(1, 200, 0.5, PopularityBlend.DEFAULT, 2, 0,
				new ClockLift(1, 2, false, 1));
		// "a": 39 impressions of rate-0.1 items, no click (exposure 3.9); "b": one
		CandidateSignals seen = new CandidateSignals("seen", "a", 0, 0, 0.1, 0, 0, 0, false, 100, 0, 0, 3.9, 1);
		CandidateSignals unseen = new CandidateSignals("unseen", "b", 0, 0, 0.1, 0, 0, 0, false, 100, 0, 0, 0.1, 1);
		double[] expected = { 0.06, 0.05 };
		List<RankedItem> slate = exploring.rank(this.user, List.of(seen, unseen), expected, new double[2], 100_000, 2,
				true, RANDOM);
		assertThat(slate.get(0).itemId()).isEqualTo("unseen");
		assertThat(slate.get(0).reason()).isEqualTo(Reason.EXPLORE);
		// the lift's optimism: two posterior standard deviations, 2·sqrt(1) / 1.1, times
		// r
		assertThat(slate.get(0).explorationBonus()).isCloseTo(0.2 / 1.1, within(1e-12));
		// without the clock the better-rated category wins
		SlateRanker noClock = new SlateRanker(0, 200, 0.5, PopularityBlend.DEFAULT, 2, 0,
				new ClockLift(1, 1, false, 1));
		assertThat(noClock.rank(this.user, List.of(seen, unseen), expected, new double[2], 100_000, 2, true, RANDOM)
			.get(0)
			.itemId()).isEqualTo("seen");
	}

	@Test
	void thompsonSamplingTriesUnknownCategoriesNowAndThenAndKeepsToWhatTheUserClicks() {
		SlateRanker thompson = new SlateRanker(1, 200, 0.5, PopularityBlend.DEFAULT, 2, 0,
				new ClockLift(0.5, 0, true, 1));
		// "liked": 6 clicks in 10 impressions at this hour; "skipped": 60 impressions, no
		// click; "unknown": never shown here
		List<CandidateSignals> candidates = List.of(item("liked", "a", 1, 6, 10), item("skipped", "b", 1, 0, 60),
				item("unknown", "c", 1, 0, 0));
		java.util.Map<String, Integer> firsts = new java.util.HashMap<>();
		java.util.SplittableRandom random = new java.util.SplittableRandom(42);
		for (int i = 0; i < 2000; i++) {
			String first = thompson
				.rank(this.user, candidates, new double[] { 0.05, 0.05, 0.05 }, new double[3], 100_000, 1, true, random)
				.get(0)
				.itemId();
			firsts.merge(first, 1, Integer::sum);
		}
		assertThat(firsts.getOrDefault("liked", 0)).isGreaterThan(1600);
		assertThat(firsts.getOrDefault("unknown", 0)).isBetween(20, 400);
		assertThat(firsts.getOrDefault("skipped", 0)).isLessThan(firsts.getOrDefault("unknown", 0));
	}

	@Test
	void rejectsBadSettings() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SlateRanker(0, 1, 0.5, PopularityBlend.DEFAULT, 2, -1, NO_OPTIMISM));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SlateRanker(-1, 1, 0.5, PopularityBlend.DEFAULT, 2, 0, NO_OPTIMISM));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SlateRanker(0, 0, 0.5, PopularityBlend.DEFAULT, 2, 0, NO_OPTIMISM));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SlateRanker(0, 1, 0, PopularityBlend.DEFAULT, 2, 0, NO_OPTIMISM));
		assertThatNullPointerException()
			.isThrownBy(() -> new SlateRanker(0, 1, 0.5, PopularityBlend.DEFAULT, 2, 0, null));
	}

}
