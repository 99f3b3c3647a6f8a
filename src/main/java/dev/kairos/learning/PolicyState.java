package dev.kairos.learning;

import java.util.Map;

import dev.kairos.core.bandit.ArmStatistics;
import dev.kairos.core.linalg.LinearStatistics;

/**
 * The stored state of the policies beyond the shared model, at one version: what serving
 * builds them from. Statistics of policies not served are {@code null} or empty.
 *
 * @param discounted {@code discounted-linucb}'s statistics (forgotten faster)
 * @param window {@code sliding-window-linucb}'s statistics (the window's sum)
 * @param undecayed {@code hybrid-linucb}'s shared statistics (never decayed, so they stay
 * consistent with the per-item sums)
 * @param items per item: pulls (shown, less withdrawn) and reward sum
 * @param itemFeatureSums per item: the sum of its feature vectors
 * ({@code hybrid-linucb}'s v_a)
 * @param metaLogWeights the meta-bandit's log-weight per α key
 * @param metaShown the items the meta-bandit showed per α key
 */
public record PolicyState(LinearStatistics discounted, LinearStatistics window, LinearStatistics undecayed,
		Map<String, ArmStatistics> items, Map<String, double[]> itemFeatureSums, Map<String, Double> metaLogWeights,
		Map<String, Long> metaShown) {

	/** Nothing stored. */
	public static final PolicyState EMPTY = new PolicyState(null, null, null, Map.of(), Map.of(), Map.of(), Map.of());

}
