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
		java.util.SplittableRandom random = new java.util.SplittableRandom(11);
		List<Integer> active = fresh.activeAt(0);
		int user = 4;
		String morning = "cat" + fresh.morning[user];
		int before = 0;
		int after = 0;
		for (int visit = 0; visit < 30; visit++) {
			List<Integer> slate = posterior.slate(user, 9, visit, active, World.SLOTS, false, random);
			for (int p = 0; p < slate.size(); p++) {
				int item = slate.get(p);
				if (fresh.itemCategory[item].equals(morning)) {
					if (visit < 3) {
						before++;
					}
					else if (visit >= 20) {
						after++;
					}
				}
				boolean click = random.nextDouble() < fresh.attraction(user, item, 9, visit) * World.positionBias(p);
				posterior.observe(user, item, p, 9, visit, click);
				if (click) {
					fresh.consume(user, item);
				}
			}
		}
		// knowing nothing of the user, it shows the best items of all categories; once
		// it has seen them click at 09:00, their morning category fills the slate
		assertThat(before).isLessThanOrEqualTo(5);
		assertThat(after).isGreaterThanOrEqualTo(40);
	}

	@Test
	void theFactorLearnerFindsAUsersMorningCategoryWithoutKnowingTheWorld() {
		World fresh = new World(3, 12, 300, 30, 500, 10_000, 6_000, 0);
		FactorLearner learner = FactorLearner.of(fresh);
		java.util.SplittableRandom random = new java.util.SplittableRandom(11);
		List<Integer> active = fresh.activeAt(0);
		int user = 4;
		String morning = "cat" + fresh.morning[user];
		int before = 0;
		int after = 0;
		for (int visit = 0; visit < 30; visit++) {
			List<Integer> candidates = active.stream().filter((i) -> fresh.attraction(user, i, 9, 0) > 0).toList();
			List<Integer> slate = learner.slate(user, 9, candidates, World.SLOTS, random);
			for (int p = 0; p < slate.size(); p++) {
				int item = slate.get(p);
				if (fresh.itemCategory[item].equals(morning)) {
					if (visit == 0) {
						before++;
					}
					else if (visit >= 20) {
						after++;
					}
				}
				boolean click = random.nextDouble() < fresh.attraction(user, item, 9, visit) * World.positionBias(p);
				learner.observe(user, item, p, 9, click);
				if (click) {
					fresh.consume(user, item);
				}
			}
		}
		// one item per category while it knows nothing of the user; once their clicks at
		// 09:00 vouch for the morning category, it takes a large share of the slate (25
		// of
		// 50 places in the last ten visits; a random slate gives it one in twelve)
		assertThat(before).isLessThanOrEqualTo(1);
		assertThat(after).isGreaterThanOrEqualTo(20);
	}

}
