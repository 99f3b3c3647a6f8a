package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.interestclock.InterestClockParameters;
import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.core.stats.SmoothedRate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request path's repeat places ({@link RepeatConsumption}), without Spring or Redis.
 */
class RecommenderRepeatsTest {

	private static final long NOW = 1_800_000_000_000L;

	private static final ForwardDecay DECAY = new ForwardDecay(24);

	private static Recommender recommender(RepeatConsumption repeats) {
		SlateRanker ranker = new SlateRanker(1, 200, 1, PopularityBlend.DEFAULT, 2, 1,
				new ClockLift(0.5, 0, false, 0.5));
		return new Recommender(new Recommender.Settings(ranker, DECAY, DECAY, DECAY, new SmoothedRate(0.05, 20), 1, 3,
				3 * 24 * 3_600_000L, 3, 20, false), repeats);
	}

	/** Items "i0" … "i29" in three categories, popular by their number, all listed. */
	private static final class Source extends MapCandidateSource {

		RepeatConsumption.Counts population = RepeatConsumption.Counts.NONE;

		Source() {
			for (int i = 0; i < 30; i++) {
				String id = "i" + i;
				this.items.put(id, new CatalogueItem(id, "c" + (i % 3), NOW - 30L * 86_400_000L, i % 7, 20 + i, 1 + i,
						DECAY.add(ForwardDecay.EMPTY, 1 + i, NOW - 3_600_000L * i), ForwardDecay.EMPTY));
			}
		}

		@Override
		public List<String> list(ListKind kind, String category) {
			return this.items.values()
				.stream()
				.filter((i) -> category == null || category.equals(i.category()))
				.map(CatalogueItem::itemId)
				.sorted()
				.toList();
		}

		@Override
		public RepeatConsumption.Counts repeatCounts() {
			return this.population;
		}

	}

	private static UserState user(List<String> consumedRecentFirst, Set<String> skipped,
			RepeatConsumption.Counts counts) {
		java.util.Set<String> consumed = new java.util.HashSet<>(consumedRecentFirst);
		consumed.addAll(skipped);
		return new UserState(true, 40, 3, 30, Map.of("c1", DECAY.add(ForwardDecay.EMPTY, 3, NOW - 3_600_000L)),
				List.of("i4", "i7"), consumed, new InterestClock(InterestClockParameters.defaults()), Map.of(),
				Map.of(), consumedRecentFirst, counts);
	}

	private static Recommender.Slate recommend(Recommender recommender, Source source, UserState user, int count,
			String category, Set<String> exclude) {
		return recommender.recommend(new Recommender.Request(count, NOW, 9.5, category, exclude), user, source, (x) -> {
			double[] mu = new double[x.length];
			for (int i = 0; i < x.length; i++) {
				mu[i] = 0.01 * Arrays.stream(x[i]).sum();
			}
			return new Recommender.Terms(mu, new double[x.length], 500);
		}, new SplittableRandom(3));
	}

	private static List<String> ids(Recommender.Slate slate) {
		return slate.items().stream().map(SlateRanker.RankedItem::itemId).toList();
	}

	@Test
	void withAShareOfZeroTheSlateIsExactlyTheOneWithoutTheRule() {
		Source source = new Source();
		// everybody consumed, nobody ever twice
		source.population = new RepeatConsumption.Counts(500, 0);
		UserState user = user(List.of("i4", "i7", "i2"), Set.of("i9"), new RepeatConsumption.Counts(12, 0));
		Recommender.Slate never = recommend(recommender(RepeatConsumption.NEVER), source, user, 10, null, Set.of());
		Recommender.Slate learned = recommend(recommender(new RepeatConsumption(true, 5)), source, user, 10, null,
				Set.of());
		assertThat(learned.items()).isEqualTo(never.items()).hasSize(10);
		assertThat(learned.propensities()).isEqualTo(never.propensities());
		assertThat(learned.features()).isDeepEqualTo(never.features());
		assertThat(learned.candidates()).isEqualTo(never.candidates());
		assertThat(ids(learned)).doesNotContain("i4", "i7", "i2", "i9");
	}

	@Test
	void theLearnedShareGivesTheTopPlacesToTheUsersConsumedItemsMostRecentFirst() {
		Source source = new Source();
		source.population = new RepeatConsumption.Counts(1_000, 200);
		// r = (6 + 5·0.2)/(10 + 5) = 0.467: 5 places of 10; "gone" is retired, "i2"
		// excluded,
		// "i9" skipped (not among the consumed ones)
		List<String> consumed = List.of("i4", "gone", "i7", "i2", "i11", "i3", "i20", "i21");
		UserState user = user(consumed, Set.of("i9"), new RepeatConsumption.Counts(10, 6));
		Recommender.Slate slate = recommend(recommender(new RepeatConsumption(true, 5)), source, user, 10, null,
				Set.of("i2"));
		List<String> ids = ids(slate);
		assertThat(ids).hasSize(10).doesNotHaveDuplicates().doesNotContain("gone", "i2", "i9");
		assertThat(ids.subList(0, 5)).containsExactly("i4", "i7", "i11", "i3", "i20");
		for (int j = 0; j < 5; j++) {
			assertThat(slate.items().get(j).reason()).isEqualTo(Reason.REPEAT);
			assertThat(slate.propensities()[j]).isEqualTo(1.0);
			// each repeat item has its features, as logged
			assertThat(slate.features()[slate.items().get(j).index()]).hasSize(FeatureVector.DIMENSION);
			assertThat(slate.candidates().get(slate.items().get(j).index()).itemId()).isEqualTo(ids.get(j));
		}
		// the other places: what the rule-less ranking serves in a slate of 5, in order
		List<String> others = new ArrayList<>(ids.subList(5, 10));
		assertThat(others).doesNotContainAnyElementsOf(consumed);
		assertThat(slate.items().subList(5, 10)).noneMatch((r) -> r.reason() == Reason.REPEAT);
		Recommender.Slate five = recommend(recommender(RepeatConsumption.NEVER), source, user, 5, null, Set.of("i2"));
		assertThat(others).isEqualTo(ids(five));
		assertThat(slate.terms().expectedReward()).hasSize(slate.candidates().size());
	}

	@Test
	void withTheRuleOffConsumedItemsAreNeverRecommendedWhateverTheShare() {
		Source source = new Source();
		source.population = new RepeatConsumption.Counts(1_000, 900);
		List<String> consumed = List.of("i4", "i7", "i11");
		UserState user = user(consumed, Set.of(), new RepeatConsumption.Counts(50, 50));
		assertThat(ids(recommend(recommender(RepeatConsumption.NEVER), source, user, 10, null, Set.of()))).hasSize(10)
			.doesNotContainAnyElementsOf(consumed);
		// with it on, all three (fewer than the share's places), and the rest ranked
		Recommender.Slate on = recommend(recommender(new RepeatConsumption(true, 5)), source, user, 10, null, Set.of());
		assertThat(ids(on)).hasSize(10).startsWith("i4", "i7", "i11").doesNotHaveDuplicates();
	}

	@Test
	void aCategoryAskedLimitsTheRepeatItemsToIt() {
		Source source = new Source();
		source.population = new RepeatConsumption.Counts(1_000, 500);
		// i4 and i7 are in c1, i11 in c2, i13 in c1
		UserState user = user(List.of("i4", "i11", "i7", "i13"), Set.of(), new RepeatConsumption.Counts(4, 4));
		Recommender.Slate slate = recommend(recommender(new RepeatConsumption(true, 5)), source, user, 4, "c1",
				Set.of());
		assertThat(ids(slate)).startsWith("i4", "i7", "i13").doesNotContain("i11");
		assertThat(slate.items()).allMatch((r) -> r.category().equals("c1"));
	}

}
