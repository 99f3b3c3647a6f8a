package dev.kairos.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import dev.kairos.core.bandit.Arm;

/**
 * Seeded synthetic candidates and rewards for the benchmarks: a linear problem with
 * Bernoulli-like noise.
 */
final class Candidates {

	private Candidates() {
	}

	/**
	 * {@code n} candidates of dimension {@code d}, entries in [-1, 1], the first one a
	 * bias.
	 */
	static List<Arm> of(int n, int d, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<Arm> arms = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			double[] x = new double[d];
			x[0] = 1;
			for (int j = 1; j < d; j++) {
				x[j] = random.nextDouble(-1, 1);
			}
			arms.add(new Arm("item-" + i, x));
		}
		return arms;
	}

	/** A reward in {0, 1} with probability rising with the first half of the features. */
	static double reward(double[] x, SplittableRandom random) {
		double s = 0;
		for (int j = 1; j < x.length / 2; j++) {
			s += x[j];
		}
		double p = 1 / (1 + Math.exp(-s));
		return (random.nextDouble() < p) ? 1 : 0;
	}

}
