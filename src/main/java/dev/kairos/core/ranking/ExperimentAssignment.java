package dev.kairos.core.ranking;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import dev.kairos.core.learn.MurmurHash3;

/**
 * Assigns users to the policies of a named experiment by a stable hash of the
 * experiment's name and the user id (MurmurHash3, x86 32-bit): a user keeps their policy
 * across requests, processes and restarts, and renaming the experiment reshuffles
 * everybody. Shares are proportional to the weights.
 *
 * @param name the experiment's name
 * @param weights policy name to a positive weight, in a fixed order
 */
public record ExperimentAssignment(String name, Map<String, Integer> weights) {

	public ExperimentAssignment {
		Objects.requireNonNull(name, "name");
		if (weights.isEmpty()) {
			throw new IllegalArgumentException("an experiment needs at least one policy");
		}
		weights.forEach((policy, weight) -> {
			if (weight == null || weight <= 0) {
				throw new IllegalArgumentException("weight of " + policy + " must be positive: " + weight);
			}
		});
		weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
	}

	/** A single policy for everybody. */
	public static ExperimentAssignment only(String policy) {
		return new ExperimentAssignment("default", Map.of(policy, 1));
	}

	/** The policy of a user. */
	public String policyFor(String userId) {
		int total = this.weights.values().stream().mapToInt(Integer::intValue).sum();
		long bucket = Integer.toUnsignedLong(MurmurHash3.hash32(this.name + ":" + userId, 0)) % total;
		for (Map.Entry<String, Integer> entry : this.weights.entrySet()) {
			bucket -= entry.getValue();
			if (bucket < 0) {
				return entry.getKey();
			}
		}
		throw new IllegalStateException("unreachable");
	}

}
