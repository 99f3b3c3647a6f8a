package dev.kairos.core.interestclock;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A user's Interest Clock shrunk towards the global clock, the prior for users with
 * little history (an empirical-Bayes style shrinkage; the Interest Clock paper trains a
 * global model instead, which is our deviation). At an hour {@code h}:
 *
 * <pre>
 * p(c | h) = lambda p_user(c | h) + (1 - lambda) p_global(c | h),   lambda = n / (n + k)
 * </pre>
 *
 * with {@code p_user} and {@code p_global} the {@link InterestClock#distribution}s,
 * {@code n} the user's number of events and {@code k} the prior strength. When the user's
 * distribution at {@code h} is empty (no positive mass), {@code lambda} is 0 there; when
 * both are empty, so is the blend.
 */
public final class InterestBlend {

	private final InterestClock user;

	private final InterestClock global;

	private final double priorStrength;

	InterestBlend(InterestClock user, InterestClock global, double priorStrength) {
		this.user = Objects.requireNonNull(user, "user");
		this.global = Objects.requireNonNull(global, "global");
		if (!Double.isFinite(priorStrength) || priorStrength < 0.0) {
			throw new IllegalArgumentException("priorStrength must be finite and >= 0: " + priorStrength);
		}
		this.priorStrength = priorStrength;
	}

	/**
	 * {@code lambda = n / (n + k)}, the weight of the user's own clock (1 when n = k =
	 * 0).
	 */
	public double userWeight() {
		double n = this.user.events();
		return (n + this.priorStrength == 0.0) ? 1.0 : n / (n + this.priorStrength);
	}

	/**
	 * The blended distribution over categories at an hour, sorted by name, summing to 1
	 * or empty.
	 */
	public Map<String, Double> distribution(double hour, long nowMillis) {
		Map<String, Double> userDistribution = this.user.distribution(hour, nowMillis);
		Map<String, Double> globalDistribution = this.global.distribution(hour, nowMillis);
		double lambda = userDistribution.isEmpty() ? 0.0 : userWeight();
		if (globalDistribution.isEmpty()) {
			lambda = 1.0;
		}
		double userShare = lambda;
		Map<String, Double> blended = new TreeMap<>();
		userDistribution.forEach((category, p) -> blended.merge(category, userShare * p, Double::sum));
		globalDistribution.forEach((category, p) -> blended.merge(category, (1.0 - userShare) * p, Double::sum));
		blended.values().removeIf((p) -> p == 0.0);
		return Collections.unmodifiableMap(blended);
	}

	/** The blended probability of one category at an hour. */
	public double probability(String category, double hour, long nowMillis) {
		return distribution(hour, nowMillis).getOrDefault(category, 0.0);
	}

	/** The {@code n} most probable categories at an hour, best first, ties by name. */
	public List<CategoryScore> topCategories(double hour, long nowMillis, int n) {
		return InterestClock.top(distribution(hour, nowMillis), n);
	}

}
