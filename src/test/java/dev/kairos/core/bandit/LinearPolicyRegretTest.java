package dev.kairos.core.bandit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Statistical tests on synthetic linear problems with fixed seeds. */
class LinearPolicyRegretTest {

	private static final int ROUNDS = 20_000;

	@Test
	void linUcbSharedBeatsUniformAndImproves() {
		assertLearns(LinUcb.shared(10, 0.5, 1.0), 101L);
	}

	@Test
	void linearThompsonBeatsUniformAndImproves() {
		assertLearns(new LinearThompson(10, 0.2, 1.0, 20, new SplittableRandom(7L)), 202L);
	}

	private static void assertLearns(BanditPolicy policy, long seed) {
		double[] uniform = new LinearProblem(10, 20, 0.1, seed).runUniform(ROUNDS, seed + 99);
		double[] regret = new LinearProblem(10, 20, 0.1, seed).run(policy, ROUNDS);
		double total = LinearProblem.sum(regret, 0, ROUNDS);
		double uniformTotal = LinearProblem.sum(uniform, 0, ROUNDS);
		assertThat(total).as("%s regret vs uniform %s", policy.name(), uniformTotal).isLessThan(0.2 * uniformTotal);
		assertThat(LinearProblem.sum(regret, ROUNDS / 2, ROUNDS)).isLessThan(LinearProblem.sum(regret, 0, ROUNDS / 2));
	}

	@Test
	void discountedLinUcbRecoversFromAnAbruptChangeFasterThanLinUcb() {
		double discounted = regretAfterChange(new DiscountedLinUcb(5, 0.5, 1.0, 0.99));
		double plain = regretAfterChange(LinUcb.shared(5, 0.5, 1.0));
		assertThat(discounted).isLessThan(0.5 * plain);
	}

	@Test
	void slidingWindowLinUcbRecoversFromAnAbruptChangeFasterThanLinUcb() {
		double windowed = regretAfterChange(new SlidingWindowLinUcb(5, 0.5, 1.0, 300));
		double plain = regretAfterChange(LinUcb.shared(5, 0.5, 1.0));
		assertThat(windowed).isLessThan(0.5 * plain);
	}

	private static double regretAfterChange(BanditPolicy policy) {
		LinearProblem problem = new LinearProblem(5, 20, 0.1, 303L);
		problem.run(policy, 5_000);
		double[] changed = problem.theta.clone();
		for (int i = 0; i < changed.length; i++) {
			changed[i] = -changed[i];
		}
		problem.theta = changed;
		return LinearProblem.sum(problem.run(policy, 5_000), 0, 5_000);
	}

	@Test
	void bdesBeatsUniformAndLowersItsScaleAsItLearns() {
		Bdes bdes = new Bdes(10, 0.1, 2.0, 1.0);
		double[] uniform = new LinearProblem(10, 20, 0.1, 404L).runUniform(5_000, 1L);
		double[] regret = new LinearProblem(10, 20, 0.1, 404L).run(bdes, 5_000);
		assertThat(LinearProblem.sum(regret, 0, 5_000)).isLessThan(0.2 * LinearProblem.sum(uniform, 0, 5_000));
		assertThat(bdes.lastAlpha()).isLessThan(0.5);
	}

	@Test
	void disjointLinUcbLearnsPerArmParameters() {
		// each arm its own θ_a; one shared random context per round
		int d = 5;
		int arms = 8;
		SplittableRandom setup = new SplittableRandom(505L);
		double[][] thetas = new double[arms][];
		for (int a = 0; a < arms; a++) {
			thetas[a] = LinearProblem.unit(setup, d);
		}
		LinUcb policy = LinUcb.disjoint(d, 0.5, 1.0);
		SplittableRandom random = new SplittableRandom(506L);
		double regret = 0;
		double uniform = 0;
		int rounds = 6_000;
		for (int t = 0; t < rounds; t++) {
			double[] x = LinearProblem.unit(random, d);
			List<Arm> candidates = new ArrayList<>();
			double best = Double.NEGATIVE_INFINITY;
			double mean = 0;
			for (int a = 0; a < arms; a++) {
				candidates.add(new Arm("a" + a, x));
				best = Math.max(best, dot(thetas[a], x));
				mean += dot(thetas[a], x) / arms;
			}
			int chosen = Integer.parseInt(policy.select(candidates, 1).chosen().get(0).id().substring(1));
			double expected = dot(thetas[chosen], x);
			regret += best - expected;
			uniform += best - mean;
			policy.update(candidates.get(chosen), expected + 0.1 * random.nextGaussian());
		}
		assertThat(regret).isLessThan(0.2 * uniform);
		assertThat(policy.armStatistics()).hasSize(arms);
	}

	@Test
	void hybridLinUcbLearnsSharedAndArmSpecificParts() {
		int k = 4;
		int d = 3;
		int arms = 10;
		SplittableRandom setup = new SplittableRandom(606L);
		double[] beta = LinearProblem.unit(setup, k);
		double[][] thetas = new double[arms][];
		for (int a = 0; a < arms; a++) {
			thetas[a] = LinearProblem.unit(setup, d);
		}
		HybridLinUcb policy = new HybridLinUcb(k, d, 0.5, 1.0);
		SplittableRandom random = new SplittableRandom(607L);
		double regret = 0;
		double uniform = 0;
		int rounds = 6_000;
		for (int t = 0; t < rounds; t++) {
			double[] x = LinearProblem.unit(random, d);
			List<Arm> candidates = new ArrayList<>();
			double[] expected = new double[arms];
			double best = Double.NEGATIVE_INFINITY;
			double mean = 0;
			for (int a = 0; a < arms; a++) {
				double[] z = LinearProblem.unit(random, k);
				double[] features = new double[k + d];
				System.arraycopy(z, 0, features, 0, k);
				System.arraycopy(x, 0, features, k, d);
				candidates.add(new Arm("a" + a, features));
				expected[a] = dot(beta, z) + dot(thetas[a], x);
				best = Math.max(best, expected[a]);
				mean += expected[a] / arms;
			}
			int chosen = Integer.parseInt(policy.select(candidates, 1).chosen().get(0).id().substring(1));
			regret += best - expected[chosen];
			uniform += best - mean;
			policy.update(candidates.get(chosen), expected[chosen] + 0.1 * random.nextGaussian());
		}
		assertThat(regret).isLessThan(0.25 * uniform);
		double[] learned = policy.sharedCoefficients();
		for (int i = 0; i < k; i++) {
			assertThat(learned[i]).isCloseTo(beta[i], org.assertj.core.data.Offset.offset(0.1));
		}
	}

	static double dot(double[] a, double[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) {
			s += a[i] * b[i];
		}
		return s;
	}

}
