package dev.kairos.core.eval;

import java.util.List;

/**
 * The replay (rejection sampling) estimator of Li et al. (2011): the mean reward over the
 * rounds where the policy's choice equals the logged action, discarding the others.
 *
 * <p>
 * Unbiased when the logger chose uniformly at random among the candidates (the case of
 * the Open Bandit Dataset's {@code random/} logs); about n/K of n rounds survive with K
 * candidates. The interval is Wilson's when every reward is 0 or 1, else normal (see
 * {@link ConfidenceInterval}).
 *
 * <p>
 * Reference: L. Li, W. Chu, J. Langford, X. Wang, "Unbiased offline evaluation of
 * contextual-bandit-based news article recommendation algorithms", WSDM 2011, Algorithm 1
 * and Theorem 1. Deviation: the paper stops after T matched rounds; we use the whole log.
 */
public final class ReplayEstimator implements OffPolicyEstimator {

	@Override
	public String name() {
		return "replay";
	}

	@Override
	public PolicyValueEstimate estimate(List<EvaluationStep> steps) {
		double[] rewards = steps.stream().filter(EvaluationStep::matched).mapToDouble(EvaluationStep::reward).toArray();
		if (rewards.length == 0) {
			return new PolicyValueEstimate(name(), Double.NaN, ConfidenceInterval.UNDEFINED, steps.size(), 0);
		}
		double value = ConfidenceInterval.mean(rewards);
		boolean binary = true;
		double successes = 0;
		for (double reward : rewards) {
			binary &= (reward == 0 || reward == 1);
			successes += reward;
		}
		ConfidenceInterval interval = binary ? ConfidenceInterval.wilson(successes, rewards.length)
				: ConfidenceInterval.normalOfMean(rewards);
		return new PolicyValueEstimate(name(), value, interval, steps.size(), rewards.length);
	}

}
