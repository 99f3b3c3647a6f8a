package dev.kairos.core.bandit;

import java.util.List;

/**
 * A bandit policy: chooses k of n candidates in a round, and learns from the reward of a
 * chosen candidate.
 *
 * <p>
 * Implementations are deterministic given their statistics, their inputs and their seeded
 * random source; ties break on score, then on candidate id. They are not thread-safe:
 * callers serialise access or use one instance per thread.
 */
public interface BanditPolicy {

	/**
	 * A short stable name, such as {@code linucb} or {@code ucb1}, used in logs and
	 * metrics.
	 */
	String name();

	/**
	 * Chooses up to {@code k} of the candidates.
	 * @param candidates the candidates of this round, each with a distinct id
	 * @param k how many to choose, at least 1
	 * @return the chosen candidates best first, and every candidate's score
	 */
	Slate select(List<Arm> candidates, int k);

	/**
	 * Learns from the reward observed for one candidate that was shown.
	 * @param arm the candidate, with the same features it was scored with
	 * @param reward the observed reward, finite
	 */
	void update(Arm arm, double reward);

}
