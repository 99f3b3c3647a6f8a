package dev.kairos.core.eval;

import dev.kairos.core.bandit.Arm;

/**
 * The direct-method reward model of the doubly robust estimator: an estimate r-hat(x, a)
 * of the expected reward of action a in the round of an event.
 *
 * <p>
 * It is fitted online on the log itself: {@link LogPlayback} asks for predictions of a
 * round before it calls {@link #learn(LoggedEvent)} with that round, so each prediction
 * uses only earlier rounds. The doubly robust terms are then martingale differences
 * around the policy value and the estimator stays unbiased whatever the model's quality
 * (Dudík et al. 2011, §3); a better model only narrows the interval.
 */
public interface RewardModel {

	/** The estimated expected reward of {@code action} in the round of {@code event}. */
	double predict(LoggedEvent event, Arm action);

	/** Learns from the logged action and reward of {@code event}. */
	void learn(LoggedEvent event);

}
