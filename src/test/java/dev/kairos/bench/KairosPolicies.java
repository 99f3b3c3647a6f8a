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
 * The Kairos policies of the evaluation table, fresh and seeded, with the parameters used
 * for the Open Bandit Dataset (rewards are clicks, about 0.5%, so exploration strengths
 * are small and softmax is cold). Not tuned on the logs: one setting each, chosen before
 * looking.
 */
final class KairosPolicies {

	/**
	 * Monte Carlo draws for the propensities of the sampling policies (their default is
	 * 100–200).
	 */
	static final int PROPENSITY_DRAWS = 50;

	private KairosPolicies() {
	}

	/** A policy and the label of its table row (its name and parameters). */
	record Entry(String label, BanditPolicy policy) {
	}

	/** Every Kairos policy, each with its own random source derived from {@code seed}. */
	static List<Entry> create(int dimension, int sharedLength, long seed) {
		SplittableRandom seeds = new SplittableRandom(seed);
		double lambda = 1.0;
		double alpha = 0.3;
		return List.of(new Entry("ucb1 c=1", new Ucb1()),
				new Entry("epsilon-greedy ε=0.1", EpsilonGreedy.fixed(0.1, seeds.split())),
				new Entry("softmax τ=0.01", new Softmax(0.01, 0.0, PROPENSITY_DRAWS, seeds.split())),
				new Entry("bernoulli-thompson Beta(1,1)", new BernoulliThompson(1, 1, PROPENSITY_DRAWS, seeds.split())),
				new Entry("linucb disjoint α=0.3", LinUcb.disjoint(dimension, alpha, lambda)),
				new Entry("linucb shared α=0.3", LinUcb.shared(dimension, alpha, lambda)),
				new Entry("hybrid-linucb α=0.3",
						new HybridLinUcb(sharedLength, dimension - sharedLength, alpha, lambda)),
				new Entry("linear-thompson v=0.1",
						new LinearThompson(dimension, 0.1, lambda, PROPENSITY_DRAWS, seeds.split())),
				new Entry("discounted-linucb α=0.3 γ=0.999", new DiscountedLinUcb(dimension, alpha, lambda, 0.999)),
				new Entry("sliding-window-linucb α=0.3 W=2000",
						new SlidingWindowLinUcb(dimension, alpha, lambda, 2000)),
				new Entry("bdes α∈[0.05,1]", new Bdes(dimension, 0.05, 1.0, lambda)),
				new Entry("exploration-tuner α∈{0,0.1,0.3,1}", new ExplorationTuner(dimension,
						new double[] { 0.0, 0.1, 0.3, 1.0 }, lambda, 0.1, seeds.split())));
	}

}
