package dev.kairos.core.eval;

import java.util.List;
import java.util.Objects;

import dev.kairos.core.bandit.BanditPolicy;

/**
 * Evaluates a policy on a log with several estimators from a single {@link LogPlayback},
 * so that the estimators see the same choices of the same learning policy.
 */
public final class OffPolicyEvaluation {

	private final LogPlayback playback;

	private final List<OffPolicyEstimator> estimators;

	/** An evaluation with the given playback and estimators, reported in that order. */
	public OffPolicyEvaluation(LogPlayback playback, List<OffPolicyEstimator> estimators) {
		this.playback = Objects.requireNonNull(playback, "playback");
		this.estimators = List.copyOf(estimators);
	}

	/**
	 * Replay, IPS, SNIPS and doubly robust with the {@link PerActionMeanRewardModel}.
	 */
	public static OffPolicyEvaluation standard() {
		return new OffPolicyEvaluation(new LogPlayback(),
				List.of(new ReplayEstimator(), new InversePropensityEstimator(),
						new SelfNormalizedInversePropensityEstimator(), new DoublyRobustEstimator()));
	}

	/**
	 * Plays the log to {@code policy} (which learns) and returns one estimate per
	 * estimator.
	 */
	public List<PolicyValueEstimate> evaluate(BanditPolicy policy, List<LoggedEvent> log) {
		List<EvaluationStep> steps = this.playback.play(policy, log);
		return this.estimators.stream().map((estimator) -> estimator.estimate(steps)).toList();
	}

}
