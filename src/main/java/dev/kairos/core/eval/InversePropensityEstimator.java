package dev.kairos.core.eval;

import java.util.List;

/**
 * Inverse propensity scoring (IPS, also inverse probability weighting): the mean over all
 * logged rounds of w_t r_t, with importance weight w_t = pi(a_t | x_t) / p_t.
 *
 * <p>
 * Unbiased whenever the logger gave every action the target may choose a positive
 * probability, and the logged propensities p_t are the true ones; its variance grows with
 * the weights. The interval is the normal approximation on the terms w_t r_t.
 *
 * <p>
 * Reference: D. G. Horvitz, D. J. Thompson, "A generalization of sampling without
 * replacement from a finite universe", JASA 1952; for bandits, M. Dudík, J. Langford, L.
 * Li, "Doubly robust policy evaluation and learning", ICML 2011, §2 (the "IPS"
 * estimator).
 */
public final class InversePropensityEstimator implements OffPolicyEstimator {

	@Override
	public String name() {
		return "ips";
	}

	@Override
	public PolicyValueEstimate estimate(List<EvaluationStep> steps) {
		double[] terms = steps.stream().mapToDouble((step) -> step.importanceWeight() * step.reward()).toArray();
		if (terms.length == 0) {
			return new PolicyValueEstimate(name(), Double.NaN, ConfidenceInterval.UNDEFINED, 0, 0);
		}
		return new PolicyValueEstimate(name(), ConfidenceInterval.mean(terms), ConfidenceInterval.normalOfMean(terms),
				steps.size(), OffPolicyEstimator.matched(steps));
	}

}
