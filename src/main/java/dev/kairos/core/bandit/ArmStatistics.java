package dev.kairos.core.bandit;

/**
 * The additive sufficient statistics of one arm for context-free policies: pulls, the sum
 * of rewards and the sum of squared rewards. Statistics of disjoint streams add up with
 * {@link #plus(ArmStatistics)}, so workers can store deltas.
 *
 * @param pulls number of rewards observed, not negative
 * @param rewardSum sum of the rewards
 * @param rewardSumOfSquares sum of the squared rewards
 */
public record ArmStatistics(long pulls, double rewardSum, double rewardSumOfSquares) {

	/** No observation. */
	public static final ArmStatistics EMPTY = new ArmStatistics(0, 0, 0);

	public ArmStatistics {
		if (pulls < 0) {
			throw new IllegalArgumentException("pulls must not be negative, was " + pulls);
		}
		if (!Double.isFinite(rewardSum) || !Double.isFinite(rewardSumOfSquares) || rewardSumOfSquares < 0) {
			throw new IllegalArgumentException("reward sums must be finite (squares not negative)");
		}
	}

	/** The statistics of one reward. */
	public static ArmStatistics of(double reward) {
		Ranking.requireFinite(reward);
		return new ArmStatistics(1, reward, reward * reward);
	}

	/** These statistics plus one reward. */
	public ArmStatistics withReward(double reward) {
		return plus(of(reward));
	}

	/** The statistics of both streams. */
	public ArmStatistics plus(ArmStatistics delta) {
		return new ArmStatistics(this.pulls + delta.pulls, this.rewardSum + delta.rewardSum,
				this.rewardSumOfSquares + delta.rewardSumOfSquares);
	}

	/** The mean reward, or {@code fallback} when the arm was never pulled. */
	public double mean(double fallback) {
		return (this.pulls == 0) ? fallback : this.rewardSum / this.pulls;
	}

	/** The (biased, 1/n) variance of the rewards, 0 with fewer than two pulls. */
	public double variance() {
		if (this.pulls < 2) {
			return 0;
		}
		double mean = this.rewardSum / this.pulls;
		return Math.max(0, this.rewardSumOfSquares / this.pulls - mean * mean);
	}

}
