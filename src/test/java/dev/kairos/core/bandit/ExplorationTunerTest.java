package dev.kairos.core.bandit;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class ExplorationTunerTest {

	// α = 300 is clearly worse than the rest on this problem (about 15% less reward)
	private static final double[] GRID = { 0.0, 0.3, 1.0, 30.0, 300.0 };

	private static final int ROUNDS = 10_000;

	@Test
	void endsWithinTenPercentOfTheBestFixedConfiguration() {
		double best = Double.NEGATIVE_INFINITY;
		double worst = Double.POSITIVE_INFINITY;
		for (double alpha : GRID) {
			double total = totalReward(LinUcb.shared(8, alpha, 1.0));
			best = Math.max(best, total);
			worst = Math.min(worst, total);
		}
		ExplorationTuner tuner = new ExplorationTuner(8, GRID, 1.0, 0.05, new SplittableRandom(21L));
		double tuned = totalReward(tuner);
		assertThat(tuned).as("tuned %s, best fixed %s, worst fixed %s", tuned, best, worst).isGreaterThan(0.9 * best);
		// it learned which strength is bad: a non-learning mixture would use it in 20% of
		// rounds
		assertThat(tuner.timesUsed()[4]).isLessThan(ROUNDS / 10);
	}

	// Bernoulli rewards with p = 0.5 + 0.45·θ*ᵀx, 20 arms, d = 8, context norms in [0.05,
	// 1]
	// (with unit contexts every width is alike and α barely changes the ranking)
	private static double totalReward(BanditPolicy policy) {
		LinearProblem problem = new LinearProblem(8, 20, 0.0, 2026L);
		problem.minNorm = 0.05;
		SplittableRandom coin = new SplittableRandom(77L);
		double total = 0;
		for (int t = 0; t < ROUNDS; t++) {
			List<Arm> candidates = problem.candidates();
			Arm chosen = LinearProblem.find(candidates, policy.select(candidates, 1).chosen().get(0).id());
			double reward = (coin.nextDouble() < 0.5 + 0.45 * problem.expected(chosen.features())) ? 1.0 : 0.0;
			total += reward;
			policy.update(chosen, reward);
		}
		return total;
	}

	@Test
	void creditsOnlyTheConfigurationUsedInTheRound() {
		ExplorationTuner tuner = new ExplorationTuner(2, GRID, 1.0, 0.1, new SplittableRandom(1L));
		List<Arm> arms = List.of(new Arm("a", new double[] { 1, 0 }), new Arm("b", new double[] { 0, 1 }));
		double[] before = tuner.probabilities();
		tuner.select(arms, 1);
		int used = indexOfMax(tuner.timesUsed());
		tuner.update(arms.get(0), 1.0);
		double[] after = tuner.probabilities();
		assertThat(after[used]).isGreaterThan(before[used]);
		for (int j = 0; j < GRID.length; j++) {
			if (j != used) {
				assertThat(after[j]).isLessThan(before[j]);
				// all unused configurations moved alike: none was credited
				assertThat(after[j]).isCloseTo(after[(used == 0) ? 1 : 0], offset(1e-15));
			}
		}
	}

	@Test
	void propensitiesAreExactMixturesOverTheGrid() {
		ExplorationTuner tuner = new ExplorationTuner(2, GRID, 1.0, 0.1, new SplittableRandom(2L));
		List<Arm> arms = List.of(new Arm("a", new double[] { 1, 0 }), new Arm("b", new double[] { 0, 1 }),
				new Arm("c", new double[] { 0.6, 0.6 }));
		for (int t = 0; t < 30; t++) {
			tuner.update(arms.get(0), 1.0);
		}
		Slate slate = tuner.select(arms, 1);
		assertThat(slate.scored().stream().mapToDouble(ArmScore::propensity).sum()).isCloseTo(1.0, offset(1e-12));
		assertThat(slate.chosen().get(0).propensity()).isGreaterThan(0.0);
	}

	private static int indexOfMax(int[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) {
			if (values[i] > values[best]) {
				best = i;
			}
		}
		return best;
	}

}
