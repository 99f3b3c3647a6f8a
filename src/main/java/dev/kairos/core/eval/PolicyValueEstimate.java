package dev.kairos.core.eval;

/**
 * An estimate of a policy's value (its expected reward per round) from logged feedback.
 *
 * @param estimator the estimator's short name ({@code replay}, {@code ips},
 * {@code snips}, {@code dr})
 * @param value the point estimate (NaN when the estimator had no data)
 * @param interval its 95% confidence interval
 * @param events logged rounds the estimator saw
 * @param matched rounds where the policy's choice equalled the logged action
 */
public record PolicyValueEstimate(String estimator, double value, ConfidenceInterval interval, long events,
		long matched) {
}
