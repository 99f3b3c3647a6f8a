package dev.kairos.core.eval;

import java.util.List;
import java.util.Objects;

import dev.kairos.core.bandit.BanditPolicy;

/**
 * Off-policy evaluation of the service's own slate log: one {@link SlatePlayback} of a
 * target policy, read by the replay, IPS, SNIPS and doubly robust estimators, beside what
 * the logging policy observed and how far the log supports the target.
 *
 * <p>
 * A slot logged with propensity 1 was put there by a deterministic policy: no other item
 * could have been shown, so what another item would have earned there is not in the log.
 * The estimators then see the target only where it agrees with the log: IPS counts the
 * other slots as reward 0 (for rewards &ge; 0 it estimates a lower bound of the target's
 * value), replay and SNIPS are the mean over the agreeing slots (biased when agreement
 * and reward are related), doubly robust fills the other slots from its reward model.
 * {@link Support} says how much of the log was deterministic and how much the target
 * agreed with, so an answer never hides this.
 */
public final class SlateLogEvaluation {

	private final SlatePlayback playback;

	private final List<OffPolicyEstimator> estimators;

	/** An evaluation with the given playback and estimators, reported in that order. */
	public SlateLogEvaluation(SlatePlayback playback, List<OffPolicyEstimator> estimators) {
		this.playback = Objects.requireNonNull(playback, "playback");
		this.estimators = List.copyOf(estimators);
	}

	/**
	 * Replay, IPS, SNIPS and doubly robust with the {@link PerActionMeanRewardModel}.
	 */
	public static SlateLogEvaluation standard() {
		return new SlateLogEvaluation(new SlatePlayback(),
				List.of(new ReplayEstimator(), new InversePropensityEstimator(),
						new SelfNormalizedInversePropensityEstimator(), new DoublyRobustEstimator()));
	}

	/**
	 * What the logging policy observed.
	 *
	 * @param slates slates in the log
	 * @param impressions items shown
	 * @param positives shown items with a positive reward (clicks, purchases, views)
	 * @param meanReward the mean reward per shown item (the click-through rate when
	 * rewards are 0 or 1), NaN for an empty log
	 */
	public record Logged(long slates, long impressions, long positives, double meanReward) {

		/** Positives per impression, NaN for an empty log. */
		public double positiveRate() {
			return (this.impressions == 0) ? Double.NaN : this.positives / (double) this.impressions;
		}

	}

	/**
	 * How far the log supports the target.
	 *
	 * @param deterministicSlots shown items logged with propensity 1 (no other item could
	 * have been there)
	 * @param minimumPropensity the smallest logged propensity, NaN for an empty log
	 * @param matched slots where the target ranks the logged item where it was shown
	 */
	public record Support(long deterministicSlots, double minimumPropensity, long matched) {
	}

	/**
	 * An evaluation's outcome.
	 *
	 * @param policy the target's name
	 * @param logged what the logging policy observed
	 * @param estimates one per estimator, in the evaluation's order
	 * @param support how far the log supports the target
	 */
	public record Result(String policy, Logged logged, List<PolicyValueEstimate> estimates, Support support) {

		public Result {
			estimates = List.copyOf(estimates);
		}

		/** Whether every slot was logged with propensity 1 (and there was one). */
		public boolean deterministicLog() {
			return this.logged.impressions() > 0 && this.support.deterministicSlots() == this.logged.impressions();
		}

	}

	/**
	 * Plays the log (in the order given, oldest first) to {@code target}, which learns
	 * along the way, and estimates its value with each estimator.
	 */
	public Result evaluate(BanditPolicy target, List<LoggedSlate> log) {
		return evaluate(target.name(), log, () -> this.playback.play(target, log));
	}

	/**
	 * Plays the log to the policy that logged it ({@link SlatePlayback#playLogging}):
	 * every estimate is then of the logged mean reward, which checks the log and its
	 * feedback against what the clients observed.
	 * @param name the name the result carries
	 */
	public Result evaluateLogging(String name, List<LoggedSlate> log) {
		return evaluate(name, log, () -> this.playback.playLogging(log));
	}

	private Result evaluate(String name, List<LoggedSlate> log,
			java.util.function.Supplier<List<EvaluationStep>> play) {
		long impressions = 0;
		long positives = 0;
		long deterministic = 0;
		double rewards = 0;
		double minimumPropensity = Double.NaN;
		for (LoggedSlate slate : log) {
			for (LoggedSlate.Slot slot : slate.slots()) {
				impressions++;
				rewards += slot.reward();
				if (slot.reward() > 0) {
					positives++;
				}
				if (slot.propensity() == 1) {
					deterministic++;
				}
				minimumPropensity = Double.isNaN(minimumPropensity) ? slot.propensity()
						: Math.min(minimumPropensity, slot.propensity());
			}
		}
		List<EvaluationStep> steps = play.get();
		List<PolicyValueEstimate> estimates = this.estimators.stream()
			.map((estimator) -> estimator.estimate(steps))
			.toList();
		Logged logged = new Logged(log.size(), impressions, positives,
				(impressions == 0) ? Double.NaN : rewards / impressions);
		return new Result(name, logged, estimates,
				new Support(deterministic, minimumPropensity, OffPolicyEstimator.matched(steps)));
	}

}
