package dev.kairos.core.eval;

/**
 * What one logged round contributes to the off-policy estimators, once a target policy
 * has been asked about it.
 *
 * @param reward observed reward r_t of the logged action a_t
 * @param loggingPropensity the logger's probability p_t = mu(a_t | x_t)
 * @param targetProbability the target policy's probability pi(a_t | x_t) of choosing the
 * logged action
 * @param matched whether the target policy's own choice in this round equals a_t (replay
 * keeps only these)
 * @param predictedLogged the reward model's estimate r-hat(x_t, a_t)
 * @param predictedUnderTarget the reward model's estimate of the target policy's expected
 * reward, sum over a of pi(a | x_t) r-hat(x_t, a)
 */
public record EvaluationStep(double reward, double loggingPropensity, double targetProbability, boolean matched,
		double predictedLogged, double predictedUnderTarget) {

	/** The importance weight w_t = pi(a_t | x_t) / p_t. */
	public double importanceWeight() {
		return this.targetProbability / this.loggingPropensity;
	}

}
