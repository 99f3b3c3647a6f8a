package dev.kairos.core.stats;

/**
 * Exponentially time-decayed sums kept in log space, so that they never overflow and can
 * be updated in O(1) in any order.
 *
 * <p>
 * A decayed sum of weights {@code w_i} observed at times {@code t_i}, read at time
 * {@code t}, is {@code S(t) = Σ w_i · exp(-λ (t - t_i))} with
 * {@code λ = ln 2 / halfLife}. Following forward decay (Cormode, Shkapenyuk, Srivastava,
 * Xu: "Forward Decay: A Practical Time Decay Model for Streaming Systems", ICDE 2009) we
 * store the time-independent quantity {@code L = ln Σ w_i · exp(λ t_i)}, so that
 * {@code S(t) = exp(L - λ t)}. An update is a log-sum-exp of two terms, commutative and
 * associative: events may arrive out of order and several writers may add without
 * coordination. Because every stored {@code L} decays at the same rate, ordering items by
 * {@code L} orders them by {@code S(t)} at any time, which is what lets a Redis sorted
 * set rank by decayed popularity without rescoring.
 *
 * <p>
 * Deviation from the paper: the landmark is the Unix epoch and time is in hours, which
 * keeps {@code λ t} a moderate number (a few thousand at most for half-lives of an hour
 * or more). Only positive weights can be kept this way; {@link #EMPTY} stands for an
 * empty sum. The Lua scripts in {@code redis/} implement {@link #add} with the same
 * formula.
 */
public final class ForwardDecay {

	/** The log of an empty sum. */
	public static final double EMPTY = Double.NEGATIVE_INFINITY;

	private static final double MILLIS_PER_HOUR = 3_600_000.0;

	/** The largest exponent {@link #valueAt} returns: e^300 ≈ 2e130. */
	static final double MAX_EXPONENT = 300;

	private final double lambdaPerHour;

	/**
	 * @param halfLifeHours time after which a weight counts half, positive and finite
	 */
	public ForwardDecay(double halfLifeHours) {
		if (!(halfLifeHours > 0) || Double.isInfinite(halfLifeHours)) {
			throw new IllegalArgumentException("halfLifeHours must be positive and finite: " + halfLifeHours);
		}
		this.lambdaPerHour = Math.log(2) / halfLifeHours;
	}

	/** The decay rate λ per hour. */
	public double lambdaPerHour() {
		return this.lambdaPerHour;
	}

	/**
	 * Adds a weight observed at a time to a stored log-sum.
	 * @param logSum the stored value, {@link #EMPTY} for none
	 * @param weight a positive, finite weight
	 * @param atMillis when it was observed, epoch milliseconds
	 * @return the new stored value
	 */
	public double add(double logSum, double weight, long atMillis) {
		if (!(weight > 0) || Double.isInfinite(weight)) {
			throw new IllegalArgumentException("weight must be positive and finite: " + weight);
		}
		return logAddExp(logSum, Math.log(weight) + this.lambdaPerHour * (atMillis / MILLIS_PER_HOUR));
	}

	/**
	 * The decayed sum at a time. Read long before its latest observations (a replayed or
	 * simulated request time), a sum would grow past any double; it saturates at
	 * {@code e^}{@value #MAX_EXPONENT} instead, so callers always get a finite number.
	 * @param logSum the stored value
	 * @param atMillis the time to read at, epoch milliseconds
	 * @return {@code S(t)}, zero for an empty sum
	 */
	public double valueAt(double logSum, long atMillis) {
		if (logSum == EMPTY) {
			return 0;
		}
		return Math.exp(Math.min(MAX_EXPONENT, logSum - this.lambdaPerHour * (atMillis / MILLIS_PER_HOUR)));
	}

	/** Merges two stored log-sums: the log of the sum of both decayed sums. */
	public static double merge(double a, double b) {
		return logAddExp(a, b);
	}

	/** {@code ln(e^a + e^b)} without overflow; {@link #EMPTY} is the identity. */
	static double logAddExp(double a, double b) {
		if (a == EMPTY) {
			return b;
		}
		if (b == EMPTY) {
			return a;
		}
		double max = Math.max(a, b);
		return max + Math.log1p(Math.exp(Math.min(a, b) - max));
	}

}
