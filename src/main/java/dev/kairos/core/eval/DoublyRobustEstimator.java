package dev.kairos.core.eval;

import java.util.List;

/**
 * The doubly robust (DR) estimator of Dudík, Langford and Li (2011): the mean over all
 * logged rounds of
 *
 * <pre>
 *   sum over a of pi(a | x_t) r-hat(x_t, a)  +  w_t (r_t - r-hat(x_t, a_t)),   w_t = pi(a_t | x_t) / p_t
 * </pre>
 *
 * <p>
 * The first term is the direct-method estimate from a reward model; the second corrects
 * its error on the logged action by importance weighting. It is unbiased if either the
 * propensities or the reward model are correct, and has lower variance than IPS when the
 * model is good. The reward model is fitted online on earlier rounds only
 * ({@link RewardModel}), so no cross-fitting is needed. The interval is the normal
 * approximation on the per-round terms.
 *
 * <p>
 * Reference: M. Dudík, J. Langford, L. Li, "Doubly robust policy evaluation and
 * learning", ICML 2011, equation (2).
 */
public final class DoublyRobustEstimator implements OffPolicyEstimator {

	@Override
	public String name() {
		return "dr";
	}

	@Override
	public PolicyValueEstimate estimate(List<EvaluationStep> steps) {
		double[] terms = steps.stream()
			.mapToDouble((step) -> step.predictedUnderTarget()
					+ step.importanceWeight() * (step.reward() - step.predictedLogged()))
			.toArray();
		if (terms.length == 0) {
			return new PolicyValueEstimate(name(), Double.NaN, ConfidenceInterval.UNDEFINED, 0, 0);
		}
		return new PolicyValueEstimate(name(), ConfidenceInterval.mean(terms), ConfidenceInterval.normalOfMean(terms),
				steps.size(), OffPolicyEstimator.matched(steps));
	}

}
