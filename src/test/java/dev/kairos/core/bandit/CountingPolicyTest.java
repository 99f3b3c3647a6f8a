package dev.kairos.core.bandit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Context-free policies on Bernoulli arms and their exploration rules. */
class CountingPolicyTest {

	// the best arm (0.7) is neither first nor last by id
	private static final double[] P = { 0.3, 0.1, 0.5, 0.7, 0.4, 0.2 };

	private static final int BEST = 3;

	@Test
	void ucb1PullsTheBestArmInMoreThanNinetyPercentOfTheLastRounds() {
		assertThat(bestArmShareOfLastRounds(new Ucb1(), 11L)).isGreaterThan(0.9);
	}

	@Test
	void bernoulliThompsonPullsTheBestArmInMoreThanNinetyPercentOfTheLastRounds() {
		assertThat(bestArmShareOfLastRounds(new BernoulliThompson(new SplittableRandom(12L)), 13L)).isGreaterThan(0.9);
	}

	private static double bestArmShareOfLastRounds(BanditPolicy policy, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<Arm> arms = new ArrayList<>();
		for (int a = 0; a < P.length; a++) {
			arms.add(Arm.of("arm-" + a));
		}
		int best = 0;
		for (int t = 0; t < 20_000; t++) {
			String id = policy.select(arms, 1).chosen().get(0).id();
			int a = Integer.parseInt(id.substring(4));
			if (t >= 15_000 && a == BEST) {
				best++;
			}
			policy.update(arms.get(a), (random.nextDouble() < P[a]) ? 1.0 : 0.0);
		}
		return best / 5_000.0;
	}

	@Test
	void epsilonGreedyPlaysEveryUnplayedArmOnceBeforeRepeating() {
		EpsilonGreedy policy = EpsilonGreedy.fixed(0.5, new SplittableRandom(3L));
		List<Arm> arms = new ArrayList<>();
		for (int a = 9; a >= 0; a--) {
			arms.add(Arm.of("arm-" + a));
		}
		Set<String> seen = new HashSet<>();
		for (int t = 0; t < 10; t++) {
			ArmScore chosen = policy.select(arms, 1).chosen().get(0);
			assertThat(seen.add(chosen.id())).as("round %d repeated %s", t, chosen.id()).isTrue();
			assertThat(chosen.propensity()).isEqualTo(1.0);
			// the first arm played is the best so far: greedy would repeat it without the
			// rule
			policy.update(new Arm(chosen.id(), new double[0]), (t == 0) ? 1.0 : 0.0);
		}
		assertThat(seen).hasSize(10);
	}

	@Test
	void epsilonGreedyPropensitiesAreExactInclusionProbabilities() {
		EpsilonGreedy policy = EpsilonGreedy.fixed(0.2, new SplittableRandom(4L));
		List<Arm> arms = new ArrayList<>();
		for (int a = 0; a < 5; a++) {
			arms.add(Arm.of("arm-" + a));
			policy.update(arms.get(a), a / 10.0);
		}
		Slate slate = policy.select(arms, 2);
		// greedy top 2 are arm-4, arm-3: (1−ε) + ε·2/5; the rest ε·2/5
		assertThat(slate.scored().get(4).propensity()).isCloseTo(0.8 + 0.2 * 2 / 5, offset(1e-12));
		assertThat(slate.scored().get(0).propensity()).isCloseTo(0.2 * 2 / 5, offset(1e-12));
		assertThat(slate.scored().stream().mapToDouble(ArmScore::propensity).sum()).isCloseTo(2.0, offset(1e-12));
		// and the empirical frequency matches
		int[] counts = new int[5];
		int rounds = 20_000;
		for (int t = 0; t < rounds; t++) {
			for (ArmScore s : policy.select(arms, 2).chosen()) {
				counts[Integer.parseInt(s.id().substring(4))]++;
			}
		}
		assertThat(counts[4] / (double) rounds).isCloseTo(0.88, offset(0.02));
		assertThat(counts[0] / (double) rounds).isCloseTo(0.08, offset(0.02));
	}

	@Test
	void epsilonGreedyDecays() {
		EpsilonGreedy policy = EpsilonGreedy.decaying(10, new SplittableRandom(5L));
		assertThat(policy.currentEpsilon()).isEqualTo(1.0);
		for (int t = 0; t < 99; t++) {
			policy.update(Arm.of("a"), 1.0);
		}
		assertThat(policy.currentEpsilon()).isCloseTo(0.1, offset(1e-12));
	}

	@Test
	void softmaxDoesNotOverflowForHugeMeans() {
		Softmax policy = new Softmax(1.0, new SplittableRandom(6L));
		List<Arm> arms = List.of(Arm.of("a"), Arm.of("b"), Arm.of("c"));
		policy.update(arms.get(0), 1e6);
		policy.update(arms.get(1), 1e6 - 1);
		policy.update(arms.get(2), -1e6);
		Slate slate = policy.select(arms, 1);
		double sum = 0;
		for (ArmScore s : slate.scored()) {
			assertThat(s.propensity()).isFinite().isBetween(0.0, 1.0);
			sum += s.propensity();
		}
		assertThat(sum).isCloseTo(1.0, offset(1e-12));
		double e = Math.exp(-1);
		assertThat(slate.scored().get(0).propensity()).isCloseTo(1 / (1 + e), offset(1e-12));
		Slate two = policy.select(arms, 2);
		assertThat(two.scored().stream().mapToDouble(ArmScore::propensity).sum()).isCloseTo(2.0, offset(1e-9));
		assertThat(two.scored().get(2).propensity()).isZero();
	}

	@Test
	void softmaxSamplesTheBoltzmannDistribution() {
		Softmax policy = new Softmax(0.5, new SplittableRandom(8L));
		List<Arm> arms = List.of(Arm.of("a"), Arm.of("b"), Arm.of("c"));
		policy.update(arms.get(0), 1.0);
		policy.update(arms.get(1), 0.5);
		policy.update(arms.get(2), 0.0);
		double[] p = policy.select(arms, 1).scored().stream().mapToDouble(ArmScore::propensity).toArray();
		int[] counts = new int[3];
		int rounds = 30_000;
		for (int t = 0; t < rounds; t++) {
			counts[policy.select(arms, 1).chosen().get(0).id().charAt(0) - 'a']++;
		}
		for (int i = 0; i < 3; i++) {
			assertThat(counts[i] / (double) rounds).isCloseTo(p[i], offset(0.015));
		}
	}

	@Test
	void bernoulliThompsonPropensityIsAMonteCarloEstimate() {
		BernoulliThompson policy = new BernoulliThompson(new SplittableRandom(9L));
		List<Arm> arms = List.of(Arm.of("a"), Arm.of("b"));
		for (int t = 0; t < 50; t++) {
			policy.update(arms.get(0), 1.0);
			policy.update(arms.get(1), 0.0);
		}
		Slate slate = policy.select(arms, 1);
		assertThat(slate.chosen().get(0).id()).isEqualTo("a");
		assertThat(slate.scored().get(0).propensity()).isGreaterThan(0.99);
		assertThat(slate.scored().stream().mapToDouble(ArmScore::propensity).sum()).isCloseTo(1.0, offset(1e-12));
	}

}
