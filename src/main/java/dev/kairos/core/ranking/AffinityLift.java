package dev.kairos.core.ranking;

/**
 * How much more an item is taken when it was seen with the user's latest items
 * ({@link Recommender#affinities}, affinity {@code a} in [0, 1]) than its rate and the
 * user's lift alone expect, learned from the served items: the weight {@code w} of the
 * score's co-occurrence lift {@code 1 + w·a}.
 *
 * <p>
 * Each served item adds what the ranking expected of it without the lift, {@code e = r·λ}
 * times its place's discount, and its affinity; each reward on it adds the reward. If
 * rewards follow {@code k·e·(1 + w·a)} for some calibration {@code k}, the sums' moments
 * give {@code w}: {@code C = k(E + w·S₁)} and {@code A = k(S₁ + w·S₂)}, with
 * {@code E = Σe}, {@code S₁ = Σa·e}, {@code S₂ = Σa²·e}, {@code C = Σreward} and
 * {@code A = Σa·reward}, so {@code w = (A·E − C·S₁) / (C·S₂ − A·S₁)}. A prior of
 * {@code priorRewards} rewards with no lift (spread as the exposure is) shrinks it
 * towards 0, and it is kept in {@code [0, maxWeight]}. Where co-occurrence says nothing
 * the rewards follow {@code e} and {@code w} stays near 0; where users take what they
 * just viewed, or what is bought together, it grows. Plain arithmetic over five sums, so
 * the worker can merge them as it merges the population's counts.
 *
 * @param expected {@code E}
 * @param affinityExpected {@code S₁}
 * @param affinitySquaredExpected {@code S₂}
 * @param rewards {@code C}
 * @param affinityRewards {@code A}
 */
public record AffinityLift(double expected, double affinityExpected, double affinitySquaredExpected, double rewards,
		double affinityRewards) {

	/** No evidence. */
	public static final AffinityLift NONE = new AffinityLift(0, 0, 0, 0, 0);

	/** The rewards of the prior, with no lift. */
	public static final double PRIOR_REWARDS = 20;

	/** The largest weight. */
	public static final double MAX_WEIGHT = 10;

	/**
	 * A served item's expectation added ({@code sign} 1) or taken back (−1).
	 * @param expected {@code e}, ≥ 0
	 * @param affinity {@code a}, in [0, 1]
	 * @param sign 1 or −1
	 * @return the sums with it
	 */
	public AffinityLift serve(double expected, double affinity, int sign) {
		double e = Exposure.finite(expected) * sign;
		double a = Math.min(1, Exposure.finite(affinity));
		return new AffinityLift(this.expected + e, this.affinityExpected + a * e,
				this.affinitySquaredExpected + a * a * e, this.rewards, this.affinityRewards);
	}

	/**
	 * A reward on a served item.
	 * @param reward the reward added (the rise of the item's reward)
	 * @param affinity the item's affinity when served
	 * @return the sums with it
	 */
	public AffinityLift reward(double reward, double affinity) {
		double r = Double.isFinite(reward) ? reward : 0;
		return new AffinityLift(this.expected, this.affinityExpected, this.affinitySquaredExpected, this.rewards + r,
				this.affinityRewards + Math.min(1, Exposure.finite(affinity)) * r);
	}

	/** These sums and {@code other}'s. */
	public AffinityLift plus(AffinityLift other) {
		return new AffinityLift(this.expected + other.expected, this.affinityExpected + other.affinityExpected,
				this.affinitySquaredExpected + other.affinitySquaredExpected, this.rewards + other.rewards,
				this.affinityRewards + other.affinityRewards);
	}

	/**
	 * The lift's weight {@code w}, in {@code [0, MAX_WEIGHT]}: 0 until served items with
	 * an affinity have been rewarded.
	 */
	public double weight() {
		return weight(PRIOR_REWARDS);
	}

	/**
	 * The lift's weight with a prior of {@code priorRewards} rewards with no lift.
	 */
	public double weight(double priorRewards) {
		if (!(this.expected > 0) || !(this.affinityExpected > 0) || !(this.rewards > 0)) {
			return 0;
		}
		// the prior: PRIOR_REWARDS rewards spread over the served items as their
		// expectation is, i.e. with no lift
		double c = this.rewards + priorRewards;
		double a = this.affinityRewards + priorRewards * this.affinityExpected / this.expected;
		double numerator = a * this.expected - c * this.affinityExpected;
		double denominator = c * this.affinitySquaredExpected - a * this.affinityExpected;
		if (!(numerator > 0)) {
			return 0;
		}
		if (!(denominator > 0)) {
			return MAX_WEIGHT;
		}
		return Math.min(MAX_WEIGHT, numerator / denominator);
	}

}
