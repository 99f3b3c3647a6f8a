package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.core.stats.SmoothedRate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Served exposure counted at once, until the shared counts show it. */
class PendingExposuresTest {

	private static final long NOW = 1_800_000_000_000L;

	@Test
	void aServedItemsExposureCountsOnTopOfTheSnapshotsUntilTheSnapshotShowsIt() {
		PendingExposures pending = new PendingExposures();
		assertThat(pending.exposure("a", 3.0)).isEqualTo(3.0);
		pending.served("a", 0.5, 3.0);
		pending.served("a", 0.5, 3.0);
		assertThat(pending.exposure("a", 3.0)).isEqualTo(4.0);
		assertThat(pending.exposure("b", 1.0)).isEqualTo(1.0);
		// the worker counted one of the two showings
		assertThat(pending.exposure("a", 3.5)).isEqualTo(4.0);
		// and the other, and a showing by someone else: nothing is left pending, and the
		// item is forgotten
		assertThat(pending.exposure("a", 4.2)).isEqualTo(4.2);
		assertThat(pending.size()).isZero();
	}

	@Test
	void aWithdrawnShowingDoesNotRaiseWhatIsPendingAndTheNextRiseIsMeasuredFromIt() {
		PendingExposures pending = new PendingExposures();
		pending.served("a", 1.0, 2.0);
		// a showing withdrawn at window close: the snapshot's exposure fell
		assertThat(pending.exposure("a", 1.5)).isEqualTo(2.5);
		// the worker counts this process's showing
		assertThat(pending.exposure("a", 2.5)).isEqualTo(2.5);
	}

	@Test
	void nothingIsCountedOfAShowingThatAddsNoExposure() {
		PendingExposures pending = new PendingExposures();
		pending.served("a", 0, 1.0);
		pending.served("a", Double.NaN, 1.0);
		assertThat(pending.size()).isZero();
	}

	/**
	 * With a slate of one and counts that lag (a snapshot that has not changed), a
	 * deterministic ranking serves the same never-shown item every time; counting its own
	 * serves, it goes on to the next.
	 */
	@Test
	void aRankingThatCountsItsOwnServesDoesNotServeTheSameUnknownItemWhileTheCountsLag() {
		Catalogue catalogue = new Catalogue();
		for (String id : List.of("a", "b", "c", "d")) {
			catalogue.items.put(id, new CatalogueItem(id, "x", NOW - 30L * 24 * 3_600_000, 0, 0, 0, ForwardDecay.EMPTY,
					ForwardDecay.EMPTY));
		}
		assertThat(serveFourTimes(recommender(false), catalogue)).containsExactly("a", "a", "a", "a");
		assertThat(serveFourTimes(recommender(true), catalogue)).containsExactlyInAnyOrder("a", "b", "c", "d");
	}

	private static List<String> serveFourTimes(Recommender recommender, CandidateSource source) {
		List<String> served = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Recommender.Slate slate = recommender.recommend(
					new Recommender.Request(1, NOW, 9.5, null, Set.of()), new dev.kairos.core.ranking.UserState(false,
							0, 0, 0, Map.of(), List.of(), Set.of(), null, Map.of(), Map.of()),
					source, (x) -> Recommender.Terms.none(x.length), new SplittableRandom(1));
			recommender.served(slate.items(), source);
			served.add(slate.items().get(0).itemId());
		}
		return served;
	}

	private static Recommender recommender(boolean countOwnServes) {
		ForwardDecay decay = new ForwardDecay(24);
		SlateRanker ranker = new SlateRanker(1, 200, 1, PopularityBlend.DEFAULT, 2, 1,
				new ClockLift(0.5, 0, false, 0.5));
		return new Recommender(new Recommender.Settings(ranker, decay, decay, decay, new SmoothedRate(0.05, 20), 1, 3,
				3 * 24 * 3_600_000L, 3, 20, false, Recommender.DEFAULT_RETRIEVED_ITEMS, 0, 0, countOwnServes));
	}

	/** Items in one list, with counts that never change (a snapshot behind). */
	private static final class Catalogue extends MapCandidateSource {

		@Override
		public List<String> list(ListKind kind, String category) {
			return (kind == ListKind.LEAST_SHOWN) ? this.items.keySet().stream().sorted().toList() : List.of();
		}

	}

}
