package dev.kairos.core.stats;

/**
 * A rate such as click-through rate, smoothed towards a prior so that a handful of
 * observations cannot produce an extreme estimate.
 *
 * <p>
 * It is the posterior mean of a Beta-Binomial model with a Beta(α, β) prior, where
 * {@code α = priorRate · priorStrength} and {@code β = (1 - priorRate) · priorStrength}:
 * {@code (successes + α) / (trials + α + β)} (Gelman et al., Bayesian Data Analysis,
 * §2.4). Clients may report clicks without the impressions that preceded them, so the
 * number of trials is taken as at least the number of successes; the estimate therefore
 * stays in {@code [0, 1]}.
 *
 * @param priorRate the rate assumed with no data, in (0, 1)
 * @param priorStrength how many pseudo-trials the prior is worth, positive
 */
public record SmoothedRate(double priorRate, double priorStrength) {

	public SmoothedRate {
		if (!(priorRate > 0 && priorRate < 1)) {
			throw new IllegalArgumentException("priorRate must be in (0, 1): " + priorRate);
		}
		if (!(priorStrength > 0) || Double.isInfinite(priorStrength)) {
			throw new IllegalArgumentException("priorStrength must be positive and finite: " + priorStrength);
		}
	}

	/**
	 * The smoothed rate.
	 * @param successes non-negative count of successes (clicks)
	 * @param trials non-negative count of trials (impressions)
	 * @return the posterior mean, in [0, 1]
	 */
	public double estimate(long successes, long trials) {
		if (successes < 0 || trials < 0) {
			throw new IllegalArgumentException("counts must be non-negative: " + successes + "/" + trials);
		}
		long n = Math.max(trials, successes);
		return (successes + this.priorRate * this.priorStrength) / (n + this.priorStrength);
	}

}
