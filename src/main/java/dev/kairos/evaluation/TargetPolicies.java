package dev.kairos.evaluation;

import java.util.List;
import java.util.SplittableRandom;

import dev.kairos.core.bandit.BanditPolicy;
import dev.kairos.core.bandit.Bdes;
import dev.kairos.core.bandit.BernoulliThompson;
import dev.kairos.core.bandit.DiscountedLinUcb;
import dev.kairos.core.bandit.EpsilonGreedy;
import dev.kairos.core.bandit.LinUcb;
import dev.kairos.core.bandit.LinearThompson;
import dev.kairos.core.bandit.SlidingWindowLinUcb;
import dev.kairos.core.bandit.Softmax;
import dev.kairos.core.bandit.Ucb1;
import dev.kairos.core.eval.FeatureRankingPolicy;
import dev.kairos.core.ranking.FeatureVector;

/**
 * The policies off-policy evaluation can play the log to, by name, each fresh (it learns
 * along the log) and seeded (an evaluation reproduces). The linear ones use the service's
 * λ and, unless the request names another, its α; {@code popularity} ranks by the
 * popularity feature; the others take the parameters listed in docs/evaluation.md.
 */
final class TargetPolicies {

	/** The names, in the order the error message lists them. */
	static final List<String> NAMES = List.of("linucb", "linear-thompson", "popularity", "discounted-linucb",
			"sliding-window-linucb", "bdes", "ucb1", "epsilon-greedy", "softmax", "bernoulli-thompson", "logged");

	/**
	 * The policy that logged each slate, as it chose (π = μ): not a policy to create, the
	 * log's own check ({@code SlateLogEvaluation#evaluateLogging}).
	 */
	static final String LOGGING = "logged";

	private static final int POPULARITY = FeatureVector.NAMES.indexOf("popularity");

	private TargetPolicies() {
	}

	/**
	 * A fresh policy of that name.
	 * @param alpha the exploration strength of the linear policies
	 * @param lambda their ridge regulariser
	 * @param seed the seed of its random choices
	 * @throws IllegalArgumentException for an unknown name
	 */
	static BanditPolicy create(String name, double alpha, double lambda, long seed) {
		int d = FeatureVector.DIMENSION;
		SplittableRandom random = new SplittableRandom(seed);
		return switch (name) {
			case "linucb" -> LinUcb.shared(d, alpha, lambda);
			case "linear-thompson" -> new LinearThompson(d, alpha, lambda, 0, random);
			case "popularity" -> new FeatureRankingPolicy("popularity", POPULARITY);
			case "discounted-linucb" -> new DiscountedLinUcb(d, alpha, lambda, 0.999);
			case "sliding-window-linucb" -> new SlidingWindowLinUcb(d, alpha, lambda, 10_000);
			case "bdes" -> new Bdes(d, 0, 2 * Math.max(alpha, 0.01), lambda);
			case "ucb1" -> new Ucb1();
			case "epsilon-greedy" -> EpsilonGreedy.fixed(0.1, random);
			case "softmax" -> new Softmax(0.1, 0, 0, random);
			case "bernoulli-thompson" -> new BernoulliThompson(1, 1, 0, random);
			default -> throw new IllegalArgumentException("no policy named " + name);
		};
	}

}
