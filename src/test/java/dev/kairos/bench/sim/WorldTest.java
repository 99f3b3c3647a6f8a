package dev.kairos.bench.sim;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorldTest {

	private final World world = new World(3, 12, 300, 30, 500, 10_000, 6_000, 0.3);

	@Test
	void theOracleBeatsRandomSlatesByAWideMargin() {
		List<Integer> active = this.world.activeAt(0);
		double oracle = 0;
		double random = 0;
		for (int u = 0; u < 100; u++) {
			for (double hour : new double[] { 9, 20, 3 }) {
				oracle += this.world.oracleCtr(u, hour, 0, active);
				random += this.world.randomCtr(u, hour, 0, active);
			}
		}
		assertThat(oracle).isGreaterThan(4 * random);
	}

	@Test
	void probabilitiesAreProbabilitiesAndPositionsMatter() {
		for (int item = 0; item < this.world.itemCount(); item++) {
			assertThat(this.world.attraction(7, item, 9, 0)).isBetween(0.0, 1.0);
		}
		assertThat(World.positionBias(0)).isEqualTo(1.0);
		assertThat(World.positionBias(4)).isLessThan(World.positionBias(1));
	}

	@Test
	void aConsumedItemIsNoLongerAttractiveNorPartOfTheOracleSlate() {
		World fresh = new World(3, 12, 300, 30, 500, 10_000, 6_000, 0.3);
		List<Integer> active = fresh.activeAt(0);
		int best = active.get(0);
		for (int item : active) {
			if (fresh.attraction(5, item, 9, 0) > fresh.attraction(5, best, 9, 0)) {
				best = item;
			}
		}
		double oracleBefore = fresh.oracleCtr(5, 9, 0, active);
		fresh.consume(5, best);
		assertThat(fresh.attraction(5, best, 9, 0)).isZero();
		assertThat(fresh.attraction(6, best, 9, 0)).isPositive();
		assertThat(fresh.oracleCtr(5, 9, 0, active)).isLessThan(oracleBefore);
	}

	@Test
	void theDriftChangesSomeUsersMorningInterestAndOnlyAfterItsRequest() {
		int drifted = 0;
		for (int u = 0; u < 500; u++) {
			if (this.world.drifted(u, 6_000)) {
				drifted++;
				int before = this.world.morning[u];
				assertThat(this.world.interest(u, before, 9, 5_999)).isGreaterThan(0.9);
				assertThat(this.world.interest(u, before, 9, 6_000))
					.isLessThan(this.world.interest(u, before, 9, 5_999));
			}
		}
		assertThat(drifted).isBetween(100, 200);
	}

	@Test
	void newItemsArriveDuringTheRunAndTheWorldIsSeeded() {
		assertThat(this.world.activeAt(0)).hasSize(300);
		assertThat(this.world.activeAt(9_999)).hasSize(330);
		World again = new World(3, 12, 300, 30, 500, 10_000, 6_000, 0.3);
		assertThat(again.quality).containsExactly(this.world.quality);
		assertThat(again.itemCategory).containsExactly(this.world.itemCategory);
	}

	@Test
	void inASkewedWorldUsersShareTheirFavouriteHoursAndInAnEvenOneTheyDoNot() {
		int[] even = new int[12];
		int[] skewed = new int[12];
		World shared = new World(3, 12, 300, 30, 500, 10_000, 6_000, 0.3, 1);
		for (int u = 0; u < 500; u++) {
			even[this.world.morning[u]]++;
			skewed[shared.morning[u]]++;
			assertThat(shared.evening[u]).isNotEqualTo(shared.morning[u]);
		}
		// 1 / H(12) = 32% of users share the top morning category; 1/12 = 8% if even
		assertThat(skewed[0]).isBetween(130, 200);
		assertThat(java.util.Arrays.stream(even).max().getAsInt()).isLessThan(70);
	}

	@Test
	void theLearnerThatKnowsTheWorldFindsAUsersMorningCategoryFromTheirClicks() {
		World fresh = new World(3, 12, 300, 30, 500, 10_000, 6_000, 0);
		WorldPosterior posterior = new WorldPosterior(fresh, 6_000, 0, false, fresh.quality, false);
		List<Integer> active = fresh.activeAt(0);
		int[] places = morningPlaces(fresh, 4, 3, new MorningLearner() {
			@Override
			public List<Integer> slate(int visit, java.util.SplittableRandom random) {
				return posterior.slate(4, 9, visit, active, World.SLOTS, false, random);
			}

			@Override
			public void observe(int item, int position, int visit, boolean click) {
				posterior.observe(4, item, position, 9, visit, click);
			}
		});
		// knowing nothing of the user, it shows the best items of all categories; once
		// it has seen them click at 09:00, their morning category fills the slate
		assertThat(places[0]).isLessThanOrEqualTo(5);
		assertThat(places[1]).isGreaterThanOrEqualTo(40);
	}

	@Test
	void theFactorLearnerFindsAUsersMorningCategoryWithoutKnowingTheWorld() {
		World fresh = new World(3, 12, 300, 30, 500, 10_000, 6_000, 0);
		FactorLearner learner = FactorLearner.of(fresh);
		List<Integer> active = fresh.activeAt(0);
		int[] places = morningPlaces(fresh, 4, 1, new MorningLearner() {
			@Override
			public List<Integer> slate(int visit, java.util.SplittableRandom random) {
				// the items the user has not consumed, as the service's candidates
				List<Integer> candidates = active.stream().filter((i) -> fresh.attraction(4, i, 9, 0) > 0).toList();
				return learner.slate(4, 9, candidates, World.SLOTS, random);
			}

			@Override
			public void observe(int item, int position, int visit, boolean click) {
				learner.observe(4, item, position, 9, click);
			}
		});
		// one item per category while it knows nothing of the user; once their clicks at
		// 09:00 vouch for the morning category, it takes a large share of the slate (25
		// of
		// 50 places in the last ten visits; a random slate gives it one in twelve)
		assertThat(places[0]).isLessThanOrEqualTo(1);
		assertThat(places[1]).isGreaterThanOrEqualTo(20);
	}

	/** A learner under test, for one user at 09:00. */
	private interface MorningLearner {

		List<Integer> slate(int visit, java.util.SplittableRandom random);

		void observe(int item, int position, int visit, boolean click);

	}

	/**
	 * Thirty visits of a user at 09:00, clicks drawn from the world: the places their
	 * morning category took in the first {@code early} visits and in the last ten.
	 */
	private static int[] morningPlaces(World world, int user, int early, MorningLearner learner) {
		java.util.SplittableRandom random = new java.util.SplittableRandom(11);
		String morning = "cat" + world.morning[user];
		int[] places = new int[2];
		for (int visit = 0; visit < 30; visit++) {
			List<Integer> slate = learner.slate(visit, random);
			for (int p = 0; p < slate.size(); p++) {
				int item = slate.get(p);
				if (world.itemCategory[item].equals(morning)) {
					if (visit < early) {
						places[0]++;
					}
					else if (visit >= 20) {
						places[1]++;
					}
				}
				boolean click = random.nextDouble() < world.attraction(user, item, 9, visit) * World.positionBias(p);
				learner.observe(item, p, visit, click);
				if (click) {
					world.consume(user, item);
				}
			}
		}
		return places;
	}

}
