package dev.kairos.core.bandit;

import java.util.Objects;

/**
 * One candidate a policy may choose in one round: a stable id and its context vector
 * {@code x} (the features of this user, item and time; empty for context-free policies).
 *
 * <p>
 * The array is owned by the caller and must not be changed while the policy uses it.
 *
 * @param id stable candidate id, used for per-arm statistics and to break ties
 * @param features context vector x of length d (may be empty)
 */
public record Arm(String id, double[] features) {

	public Arm {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(features, "features");
	}

	/** A candidate with no context, for context-free policies. */
	public static Arm of(String id) {
		return new Arm(id, new double[0]);
	}

}
