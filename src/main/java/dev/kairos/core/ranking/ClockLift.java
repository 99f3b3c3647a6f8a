package dev.kairos.core.ranking;

import java.util.random.RandomGenerator;

import dev.kairos.core.stats.Sampling;

/**
 * A user's lift for a category at a time of day: how many times the population's rate
 * they click the category's items in this block of hours, with an optimistic value that
 * makes the slate try the categories it knows least about.
 *
 * <p>
 * The user's clicks {@code k} of the category in the block are taken as Poisson with mean
 * {@code λ·E}, where {@code E}, the user's exposure to the category there, is the clicks
 * the population would have made on the impressions the user was shown: each impression
 * counts the item's own rate (its quality, so a category shown only through weak items is
 * not taken for one the user dislikes) times its position's discount (a place low in the
 * slate is seen less). With a Gamma prior of mean {@code m} (1 for "like everybody"; the
 * global clock's relative preference for the category at the hour, to seed a new user's
 * exploration) and strength {@code a₀}, the posterior is {@code Gamma(a₀·m + k, a₀ + E)}:
 * mean {@code (a₀·m + k) / (a₀ + E)}, standard deviation
 * {@code sqrt(a₀·m + k) / (a₀ + E)}. The ranking reads it in one of two ways: Thompson
 * sampling (one draw from the posterior per category and request: a category the user was
 * rarely shown at this hour draws high now and then, one they skipped many times rarely)
 * or the upper bound {@code mean + c·sd} (deterministic: a category never shown at this
 * hour reads {@code m(1 + c/sqrt(a₀·m))}; with {@code c = 0} the posterior mean, greedy).
 * In the simulator's world the greedy mean learned most when exposure is counted this way
 * (docs/simulator.md): the ranking's diversity rule (one place per category until the
 * lift vouches for it) explores enough. Feedback from clients that send no impressions
 * still reads as interest: clicks raise the lift with no exposure.
 *
 * @param priorStrength {@code a₀} &gt; 0: how many population-expected clicks weigh as
 * much as the prior
 * @param exploration {@code c} ≥ 0: how many posterior standard deviations the upper
 * bound adds (UCB only)
 * @param thompson whether to explore by Thompson sampling instead of the upper bound
 * @param globalPriorWeight how much the global clock sets the prior, in [0, 1]: the prior
 * mean is the category's relative global intensity raised to this power, so 0 gives every
 * category the prior 1 ("like everybody") and 1 the relative intensity itself. Where the
 * crowd's hours say something about each user's (a morning category for everybody), it
 * keeps a user from being shown the evening's categories at breakfast. In the simulator's
 * world, where users' hours are drawn independently of each other, 1 held learning back
 * (docs/simulator.md): a category the crowd neglects at an hour got a prior of 0.25, was
 * almost never drawn, and its few fans were never shown it then. The service's default is
 * 0.5.
 */
public record ClockLift(double priorStrength, double exploration, boolean thompson, double globalPriorWeight) {

	/** The prior means a new user's clock may take from the global clock. */
	public static final double MIN_PRIOR = 0.25;

	/** The largest prior mean. */
	public static final double MAX_PRIOR = 4;

	public ClockLift {
		if (!(priorStrength > 0) || Double.isInfinite(priorStrength)) {
			throw new IllegalArgumentException("priorStrength must be positive and finite: " + priorStrength);
		}
		if (!(exploration >= 0) || Double.isInfinite(exploration)) {
			throw new IllegalArgumentException("exploration must be non-negative and finite: " + exploration);
		}
		if (!(globalPriorWeight >= 0 && globalPriorWeight <= 1)) {
			throw new IllegalArgumentException("globalPriorWeight must be in [0, 1]: " + globalPriorWeight);
		}
	}

	/**
	 * The posterior of one user's lift for one category in one block of hours: its mean,
	 * and the optimistic value the ranking explores with (a posterior draw or the upper
	 * bound).
	 */
	public record Estimate(double mean, double optimistic) {
	}

	/**
	 * The posterior of the lift.
	 * @param random the source of randomness for Thompson sampling
	 * @param clicks the user's clicks of the category in the block, ≥ 0
	 * @param exposure the user's exposure to the category in the block ({@code E}), ≥ 0
	 * @param priorMean the prior mean (1 when nothing sets the user apart), clamped to
	 * [{@value #MIN_PRIOR}, {@value #MAX_PRIOR}]
	 * @return its mean and optimistic value
	 */
	public Estimate estimate(RandomGenerator random, double clicks, double exposure, double priorMean) {
		Posterior p = posterior(clicks, exposure, priorMean);
		double shape = p.shape;
		double rate = p.rate;
		double mean = shape / rate;
		double optimistic = this.thompson ? Sampling.gamma(random, shape) / rate
				: mean + this.exploration * Math.sqrt(shape) / rate;
		return new Estimate(mean, optimistic);
	}

	/**
	 * The upper bound {@code mean + c·sd} of the lift's posterior, whichever way the
	 * ranking explores: what the request path ranks categories by when it chooses which
	 * to gather candidates from, so that both the categories the user clicks at this time
	 * of day and those they were never shown then are among them.
	 * @param clicks the user's clicks of the category in the block, ≥ 0
	 * @param exposure the user's exposure to the category in the block, ≥ 0
	 * @param priorMean the prior mean, clamped as in {@link #estimate}
	 * @return the upper bound
	 */
	public double upperBound(double clicks, double exposure, double priorMean) {
		Posterior p = posterior(clicks, exposure, priorMean);
		return p.shape / p.rate + this.exploration * Math.sqrt(p.shape) / p.rate;
	}

	private record Posterior(double shape, double rate) {
	}

	private Posterior posterior(double clicks, double exposure, double priorMean) {
		double k = Double.isFinite(clicks) ? Math.max(0, clicks) : 0;
		double e = Double.isFinite(exposure) ? Math.max(0, exposure) : 0;
		double m = Double.isFinite(priorMean) ? Math.min(MAX_PRIOR, Math.max(MIN_PRIOR, priorMean)) : 1;
		return new Posterior(this.priorStrength * m + k, this.priorStrength + e);
	}

	/**
	 * The prior means of categories for a user at an hour, from the global clock: each
	 * category's intensity relative to the mean intensity of the categories given, raised
	 * to {@code globalPriorWeight}, clamped to [{@value #MIN_PRIOR},
	 * {@value #MAX_PRIOR}]. The ranking takes them for a user whose own clock is empty:
	 * the global clock seeds a new user's exploration, and steps aside once the user has
	 * clicked (in the simulator's world, where users' hours are their own, a global prior
	 * kept for every user cost a third of what the ranking learned, docs/simulator.md).
	 * With no global preference at all, or a weight of 0, every prior is 1.
	 * @param intensities the global clock's intensity per category at the hour, ≥ 0
	 * @return the prior mean per category, in the same order
	 */
	public double[] priorsFrom(double[] intensities) {
		double sum = 0;
		for (double v : intensities) {
			sum += Math.max(0, v);
		}
		double[] priors = new double[intensities.length];
		for (int i = 0; i < priors.length; i++) {
			double relative = (sum > 0) ? Math.max(0, intensities[i]) * intensities.length / sum : 1;
			priors[i] = Math.min(MAX_PRIOR, Math.max(MIN_PRIOR, Math.pow(relative, this.globalPriorWeight)));
		}
		return priors;
	}

}
