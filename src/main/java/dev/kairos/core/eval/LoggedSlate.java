package dev.kairos.core.eval;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A served slate with the feedback its items got: the unit of the service's own log that
 * {@link SlatePlayback} evaluates.
 *
 * @param id the slate's id (the recommendation id)
 * @param at when it was served
 * @param policy the policy that served it
 * @param slots its items in slate order (position 0 first), each with a distinct item id
 */
public record LoggedSlate(String id, Instant at, String policy, List<Slot> slots) {

	public LoggedSlate {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(at, "at");
		Objects.requireNonNull(policy, "policy");
		slots = List.copyOf(slots);
		for (int i = 0; i < slots.size(); i++) {
			for (int j = 0; j < i; j++) {
				if (slots.get(i).itemId().equals(slots.get(j).itemId())) {
					throw new IllegalArgumentException("item " + slots.get(i).itemId() + " is twice in slate " + id);
				}
			}
		}
	}

	/**
	 * One shown item.
	 *
	 * @param itemId the item
	 * @param propensity the logging policy's probability of showing this item in this
	 * slot, given the context, in (0, 1]
	 * @param features the feature vector the item was scored with
	 * @param reward the reward its feedback earned (0 without feedback), finite
	 */
	public record Slot(String itemId, double propensity, double[] features, double reward) {

		public Slot {
			Objects.requireNonNull(itemId, "itemId");
			Objects.requireNonNull(features, "features");
			if (!(propensity > 0 && propensity <= 1)) {
				throw new IllegalArgumentException("propensity must be in (0, 1]: " + propensity);
			}
			if (!Double.isFinite(reward)) {
				throw new IllegalArgumentException("reward must be finite: " + reward);
			}
		}

	}

}
