package dev.kairos.fairness;

/**
 * What the exposure audit groups by.
 *
 * @param itemAttribute the item attribute whose values are a dimension (for example
 * {@code provider}), or empty for none
 * @param userAttribute the key of the users' event context whose values are a dimension
 * (for example {@code segment}: a user's latest context when the showing is counted), or
 * empty for none
 * @param newItemAgeMillis how long after its creation an item counts as new (the
 * ranking's own setting)
 * @param maxGroups how many distinct values a dimension keeps apart; the others count as
 * {@value FairnessTally#OTHER}
 * @param minShown fewest showings for a group's click-through rate to enter the ratio
 */
public record FairnessSettings(String itemAttribute, String userAttribute, long newItemAgeMillis, int maxGroups,
		double minShown) {
}
