package dev.kairos.features;

import java.util.Map;

/**
 * Erases what the feature store holds of one user: features, counts, Interest Clock,
 * recent, consumed and skipped items, deduplication sets, and the user's place among each
 * category's fans. What the worker would still apply from events accepted before the
 * erasure is fenced off by offsets: the user's record of applied offsets is set to
 * {@code appliedThrough}, so that those events count as applied before (the same rule
 * that makes redelivery harmless). Events accepted after the erasure apply as usual.
 */
public interface UserErasure {

	/**
	 * @param userId the user
	 * @param appliedThrough per partition, the latest offset to take as applied
	 * @return whether the store held anything of the user
	 */
	boolean erase(String userId, Map<Integer, Long> appliedThrough);

}
