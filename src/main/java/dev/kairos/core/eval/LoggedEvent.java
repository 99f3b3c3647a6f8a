package dev.kairos.core.eval;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import dev.kairos.core.bandit.Arm;

/**
 * One round of logged bandit feedback: what the logging policy could choose, what it
 * chose, with which probability, and the reward it observed.
 *
 * <p>
 * The candidates carry the full context vector each policy is scored with (user context,
 * item features, their interactions); {@code context} is the part shared by every
 * candidate, kept separately for reward models and for learners (such as Vowpal Wabbit's
 * ADF format) that want shared and per-action features apart.
 *
 * @param context features of the round shared by all candidates (user, position, ...)
 * @param candidates the actions the logger chose from, each with distinct id
 * @param chosenId id of the action the logger chose; one of the candidates
 * @param reward the observed reward of the chosen action, finite
 * @param propensity the logger's probability of choosing {@code chosenId} in this round,
 * in (0, 1]
 * @param timestamp when the round happened
 * @param position the slot the action was shown in (1-based; 0 if not applicable)
 */
public record LoggedEvent(double[] context, List<Arm> candidates, String chosenId, double reward, double propensity,
		Instant timestamp, int position) {

	public LoggedEvent {
		Objects.requireNonNull(context, "context");
		Objects.requireNonNull(chosenId, "chosenId");
		Objects.requireNonNull(timestamp, "timestamp");
		candidates = List.copyOf(candidates);
		if (!Double.isFinite(reward)) {
			throw new IllegalArgumentException("reward must be finite: " + reward);
		}
		if (!(propensity > 0 && propensity <= 1)) {
			throw new IllegalArgumentException("propensity must be in (0, 1]: " + propensity);
		}
		if (indexOf(candidates, chosenId) < 0) {
			throw new IllegalArgumentException("chosen action " + chosenId + " is not among the candidates");
		}
	}

	/** The candidate the logger chose. */
	public Arm chosen() {
		return this.candidates.get(indexOf(this.candidates, this.chosenId));
	}

	private static int indexOf(List<Arm> candidates, String id) {
		for (int i = 0; i < candidates.size(); i++) {
			if (candidates.get(i).id().equals(id)) {
				return i;
			}
		}
		return -1;
	}

}
