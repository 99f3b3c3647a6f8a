package dev.kairos.core.eval;

import java.util.List;

/**
 * Self-normalised IPS (SNIPS): sum of w_t r_t divided by the sum of w_t, with w_t =
 * pi(a_t | x_t) / p_t.
 *
 * <p>
 * Biased by O(1/n) but usually of much lower variance than IPS, and always within the
 * range of the observed rewards. The interval is the normal approximation with the
 * delta-method standard error sqrt(sum of w_t^2 (r_t - V)^2) / sum of w_t.
 *
 * <p>
 * Reference: A. Swaminathan, T. Joachims, "The self-normalized estimator for
 * counterfactual learning", NeurIPS 2015, §4; the ratio-estimator variance is from A. B.
 * Owen, "Monte Carlo theory, methods and examples" (2013), §9.2.
 */
public final class SelfNormalizedInversePropensityEstimator implements OffPolicyEstimator {

	@Override
	public String name() {
		return "snips";
	}

	@Override
	public PolicyValueEstimate estimate(List<EvaluationStep> steps) {
		double weightedRewards = 0;
		double weights = 0;
		for (EvaluationStep step : steps) {
			weightedRewards += step.importanceWeight() * step.reward();
			weights += step.importanceWeight();
		}
		if (weights <= 0) {
			return new PolicyValueEstimate(name(), Double.NaN, ConfidenceInterval.UNDEFINED, steps.size(), 0);
		}
		double value = weightedRewards / weights;
		double squares = 0;
		for (EvaluationStep step : steps) {
			double deviation = step.importanceWeight() * (step.reward() - value);
			squares += deviation * deviation;
		}
		double standardError = Math.sqrt(squares) / weights;
		return new PolicyValueEstimate(name(), value, ConfidenceInterval.normal(value, standardError), steps.size(),
				OffPolicyEstimator.matched(steps));
	}

}
