package dev.kairos.bench;

import java.util.List;
import java.util.SplittableRandom;

import dev.kairos.core.bandit.BanditPolicy;
import dev.kairos.core.bandit.Bdes;
import dev.kairos.core.bandit.BernoulliThompson;
import dev.kairos.core.bandit.DiscountedLinUcb;
import dev.kairos.core.bandit.EpsilonGreedy;
import dev.kairos.core.bandit.ExplorationTuner;
import dev.kairos.core.bandit.HybridLinUcb;
import dev.kairos.core.bandit.LinUcb;
import dev.kairos.core.bandit.LinearThompson;
import dev.kairos.core.bandit.SlidingWindowLinUcb;
import dev.kairos.core.bandit.Softmax;
import dev.kairos.core.bandit.Ucb1;

/**
 * The Kairos policies of the evaluation table, fresh and seeded, with the parameters used for
 * the Open Bandit Dataset (rewards are clicks, about 0.5%, so exploration strengths are small
 * and softmax is cold). Not tuned on the logs: one setting each, chosen before looking.
 */
final class KairosPolicies {

	/** Monte Carlo draws for the propensities of the sampling policies (their default is 100–200). */
	static final int PROPENSITY_DRAWS = 50;

	private KairosPolicies() {
	}

	/** Every Kairos policy, each with its own random source derived from {@code seed}. */
	static List<BanditPolicy> create(int dimension, int sharedLength, long seed) {
		SplittableRandom seeds = new SplittableRandom(seed);
		double lambda = 1.0;
		return List.of(new Ucb1(), EpsilonGreedy.fixed(0.1, seeds.split()),
				new Softmax(0.01, 0.0, PROPENSITY_DRAWS, seeds.split()),
				new BernoulliThompson(1, 1, PROPENSITY_DRAWS, seeds.split()), LinUcb.disjoint(dimension, 0.3, lambda),
				LinUcb.shared(dimension, 0.3, lambda),
				new HybridLinUcb(sharedLength, dimension - sharedLength, 0.3, lambda),
				new LinearThompson(dimension, 0.1, lambda, PROPENSITY_DRAWS, seeds.split()),
				new DiscountedLinUcb(dimension, 0.3, lambda, 0.999),
				new SlidingWindowLinUcb(dimension, 0.3, lambda, 2000), new Bdes(dimension, 0.05, 1.0, lambda),
				new ExplorationTuner(dimension, new double[] { 0.0, 0.1, 0.3, 1.0 }, lambda, 0.1, seeds.split()));
	}

}
