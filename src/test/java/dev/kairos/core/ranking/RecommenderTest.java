package dev.kairos.core.ranking;

import java.util.HashMap;
import java.util.HashSet;
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

/** The request path's decision, without Spring, Redis or Kafka. */
class RecommenderTest {

	private static final long NOW = 1_800_000_000_000L;

	private static final SlateRanker RANKER = new SlateRanker(1, 200, 1, PopularityBlend.DEFAULT, 2, 1,
			new ClockLift(0.5, 0, false, 0.5));

	private static Recommender recommender(boolean excludeViewed) {
		ForwardDecay decay = new ForwardDecay(24);
		return new Recommender(new Recommender.Settings(RANKER, decay, decay, decay, new SmoothedRate(0.05, 20), 1, 3,
				3 * 24 * 3_600_000L, 3, 20, excludeViewed));
	}

	/**
	 * A catalogue of a few items in two categories: the new lists hold the added items,
	 * the co-clicked lists are as the test puts them.
	 */
	private static final class Catalogue extends MapCandidateSource {

		final Map<String, List<String>> coClicked = new HashMap<>();

		/** Recommendable items in no list. */
		final Set<String> unlisted = new HashSet<>();

		Catalogue add(String id, String category) {
			this.items.put(id, new CatalogueItem(id, category, NOW - 30L * 24 * 3_600_000, 0, 0, 0, ForwardDecay.EMPTY,
					ForwardDecay.EMPTY));
			return this;
		}

		@Override
		public List<String> list(ListKind kind, String category) {
			if (kind != ListKind.NEW) {
				return List.of();
			}
			return this.items.values()
				.stream()
				.filter((i) -> !this.unlisted.contains(i.itemId()))
				.filter((i) -> category == null || category.equals(i.category()))
				.map(CatalogueItem::itemId)
				.sorted()
				.toList();
		}

		@Override
		public int[] coClicked(int slot) {
			ItemCatalogue catalogue = catalogue();
			return catalogue.slotsOf(this.coClicked.getOrDefault(catalogue.item(slot).itemId(), List.of()));
		}

	}

	private static UserState user(List<String> recent, Set<String> consumed) {
		return new UserState(true, 10, 1, 5, Map.of(), recent, consumed,
				new InterestClock(InterestClockParameters.defaults()), Map.of(), Map.of());
	}

	private static List<String> ids(Recommender.Slate slate) {
		return slate.items().stream().map(SlateRanker.RankedItem::itemId).toList();
	}

	private static Recommender.Slate recommend(Recommender recommender, CandidateSource source, UserState user,
			String category, Set<String> exclude) {
		return recommender.recommend(new Recommender.Request(10, NOW, 9.5, category, exclude), user, source,
				(x) -> Recommender.Terms.none(x.length), new SplittableRandom(1));
	}

	@Test
	void consumedAndExcludedItemsAreNeverRecommendedAndViewedOnesOnlyIfTheSettingSaysSo() {
		Catalogue catalogue = new Catalogue().add("a", "x").add("b", "x").add("c", "y").add("d", "y").add("e", "y");
		// the user clicked or skipped "a", viewed "c"; the request excludes "e"
		UserState user = user(List.of("c", "a"), Set.of("a"));
		assertThat(ids(recommend(recommender(false), catalogue, user, null, Set.of("e"))))
			.containsExactlyInAnyOrder("b", "c", "d");
		assertThat(ids(recommend(recommender(true), catalogue, user, null, Set.of("e")))).containsExactlyInAnyOrder("b",
				"d");
	}

	@Test
	void itemsNotInTheCatalogueAndOtherCategoriesAreLeftOut() {
		Catalogue catalogue = new Catalogue().add("a", "x").add("b", "x").add("c", "y");
		// a co-clicked partner that was retired (no longer in the catalogue)
		catalogue.coClicked.put("a", List.of("gone", "c"));
		UserState user = user(List.of("a"), Set.of());
		assertThat(ids(recommend(recommender(false), catalogue, user, null, Set.of()))).containsExactlyInAnyOrder("a",
				"b", "c");
		assertThat(ids(recommend(recommender(false), catalogue, user, "x", Set.of()))).containsExactlyInAnyOrder("a",
				"b");
	}

	@Test
	void coClickedItemsOfTheUsersLatestItemsAreCandidates() {
		Catalogue catalogue = new Catalogue().add("a", "x");
		// "partner" is in no list of the catalogue: only its co-click brings it
		Catalogue withPartner = new Catalogue();
		withPartner.items.put("partner",
				new CatalogueItem("partner", "z", NOW, 0, 0, 0, ForwardDecay.EMPTY, ForwardDecay.EMPTY));
		withPartner.unlisted.add("partner");
		withPartner.add("a", "x");
		withPartner.coClicked.put("a", List.of("partner"));
		assertThat(ids(recommend(recommender(false), withPartner, user(List.of("a"), Set.of("a")), null, Set.of())))
			.containsExactly("partner");
		assertThat(ids(recommend(recommender(false), catalogue, user(List.of(), Set.of("a")), null, Set.of())))
			.isEmpty();
	}

	@Test
	void theSlateIsTheBestByScoreWithFeaturesForEveryCandidate() {
		Catalogue catalogue = new Catalogue();
		for (int i = 0; i < 30; i++) {
			catalogue.add("i" + i, "c" + (i % 5));
		}
		Recommender.Scorer scorer = (x) -> Recommender.Terms.none(x.length);
		Recommender.Slate slate = recommender(false).recommend(new Recommender.Request(4, NOW, 9.5, null, Set.of()),
				user(List.of(), Set.of()), catalogue, scorer, new SplittableRandom(1));
		assertThat(slate.items()).hasSize(4);
		assertThat(slate.features()).hasNumberOfRows(30);
		for (int i = 1; i < slate.items().size(); i++) {
			assertThat(slate.items().get(i - 1).score()).isGreaterThanOrEqualTo(slate.items().get(i).score());
		}
		// diversified: with no lift vouched for, one item per category first
		assertThat(slate.items().stream().map(SlateRanker.RankedItem::category).distinct()).hasSize(4);
	}

	@Test
	void anItemSeenWithTheUsersLatestItemsIsLiftedOnlyWhenTheSettingSaysSo() {
		// four items alike in every count, in one category; the user just viewed "a",
		// whose strongest partner is "d", then "c"
		Catalogue catalogue = new Catalogue().add("a", "x").add("b", "x").add("c", "x").add("d", "x");
		catalogue.coClicked.put("a", List.of("d", "c"));
		UserState user = user(List.of("a"), Set.of("a"));
		ForwardDecay decay = new ForwardDecay(24);
		Recommender lifting = new Recommender(
				new Recommender.Settings(RANKER, decay, decay, decay, new SmoothedRate(0.05, 20), 1, 3,
						3 * 24 * 3_600_000L, 3, 20, false, Recommender.DEFAULT_RETRIEVED_ITEMS, 2, 0));
		assertThat(ids(recommend(lifting, catalogue, user, null, Set.of()))).containsExactly("d", "c", "b");
		// without the lift, ties break on the item id
		assertThat(ids(recommend(recommender(false), catalogue, user, null, Set.of()))).containsExactly("b", "c", "d");
	}

	@Test
	void theLiftReadsAsManyLatestItemsAsItsOwnSeedsSay() {
		// five items alike in every count, in one category; "e" is a partner only of the
		// user's fourth latest item, and every latest item is consumed
		Catalogue catalogue = new Catalogue().add("a", "x")
			.add("b", "x")
			.add("c", "x")
			.add("d", "x")
			.add("e", "x")
			.add("f", "x");
		catalogue.coClicked.put("d", List.of("e"));
		UserState user = user(List.of("a", "b", "c", "d"), Set.of("a", "b", "c", "d"));
		ForwardDecay decay = new ForwardDecay(24);
		// candidates from the three latest items, as by default; the affinity from three
		Recommender three = new Recommender(
				new Recommender.Settings(RANKER, decay, decay, decay, new SmoothedRate(0.05, 20), 1, 3,
						3 * 24 * 3_600_000L, 3, 20, false, Recommender.DEFAULT_RETRIEVED_ITEMS, 2, 0, false, false, 3));
		// the same candidates; the affinity from the four latest
		Recommender four = new Recommender(
				new Recommender.Settings(RANKER, decay, decay, decay, new SmoothedRate(0.05, 20), 1, 3,
						3 * 24 * 3_600_000L, 3, 20, false, Recommender.DEFAULT_RETRIEVED_ITEMS, 2, 0, false, false, 4));
		Recommender.Slate fromThree = recommend(three, catalogue, user, null, Set.of());
		Recommender.Slate fromFour = recommend(four, catalogue, user, null, Set.of());
		// ties break on the item id without the fourth item's evidence
		assertThat(ids(fromThree)).containsExactly("e", "f");
		assertThat(fromThree.affinity(indexOf(fromThree, "e"))).isZero();
		assertThat(fromFour.affinity(indexOf(fromFour, "e"))).isPositive();
		assertThat(fromFour.items().get(0).score()).isGreaterThan(fromFour.items().get(1).score());
		assertThat(fromThree.items().get(0).score()).isEqualTo(fromThree.items().get(1).score());
	}

	private static int indexOf(Recommender.Slate slate, String itemId) {
		for (int i = 0; i < slate.candidates().size(); i++) {
			if (slate.candidates().get(i).itemId().equals(itemId)) {
				return i;
			}
		}
		throw new AssertionError(itemId + " is no candidate");
	}

	@Test
	void affinityIsTheRecencyWeightedMeanOfThePlacesDiscounted() {
		Catalogue catalogue = new Catalogue().add("a", "x").add("b", "x").add("c", "x").add("d", "x");
		catalogue.coClicked.put("a", List.of("c", "d"));
		catalogue.coClicked.put("b", List.of("d"));
		ItemCatalogue slots = catalogue.catalogue();
		int[] candidates = { slots.slot("c"), slots.slot("d"), slots.slot("a") };
		double[] affinity = Recommender.affinities(candidates, user(List.of("a", "b"), Set.of()), catalogue, 3);
		// seeds "a" (weight 1) and "b" (weight 1/2), each its own first partner: c is a's
		// second, d a's third and b's second; a is itself
		assertThat(affinity[0]).isCloseTo(Exposure.discount(1) / 1.5, org.assertj.core.api.Assertions.within(1e-12));
		assertThat(affinity[1]).isCloseTo((Exposure.discount(2) + 0.5 * Exposure.discount(1)) / 1.5,
				org.assertj.core.api.Assertions.within(1e-12));
		assertThat(affinity[2]).isCloseTo(1 / 1.5, org.assertj.core.api.Assertions.within(1e-12));
	}

}
