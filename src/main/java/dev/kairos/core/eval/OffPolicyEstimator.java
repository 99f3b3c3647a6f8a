package dev.kairos.core.eval;

import java.util.List;

/**
 * Estimates a target policy's value from the steps of one {@link LogPlayback}.
 */
public interface OffPolicyEstimator {

	/** A short stable name, such as {@code ips}. */
	String name();

	/** The estimate from the steps of one playback, in log order. */
	PolicyValueEstimate estimate(List<EvaluationStep> steps);

	/** Rounds where the policy's choice equalled the logged action. */
	static long matched(List<EvaluationStep> steps) {
		return steps.stream().filter(EvaluationStep::matched).count();
	}

}
