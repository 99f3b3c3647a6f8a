package dev.kairos.core.bandit;

import java.util.HashMap;
import java.util.Map;

/**
 * The per-arm {@link ArmStatistics} of a context-free policy, with the total number of
 * pulls. Arms never seen have {@link ArmStatistics#EMPTY}. Additive:
 * {@link #merge(String, ArmStatistics)} applies a delta learned elsewhere. Not
 * thread-safe.
 */
public final class ArmStatisticsTable {

	private final Map<String, ArmStatistics> arms = new HashMap<>();

	private long totalPulls;

	/** The statistics of one arm. */
	public ArmStatistics get(String id) {
		return this.arms.getOrDefault(id, ArmStatistics.EMPTY);
	}

	/** Learns one reward of one arm. */
	public void add(String id, double reward) {
		merge(id, ArmStatistics.of(reward));
	}

	/** Adds a delta to one arm. */
	public void merge(String id, ArmStatistics delta) {
		this.arms.merge(id, delta, ArmStatistics::plus);
		this.totalPulls += delta.pulls();
	}

	/** Replaces one arm's statistics (for example read from the store). */
	public void put(String id, ArmStatistics statistics) {
		ArmStatistics old = this.arms.put(id, statistics);
		this.totalPulls += statistics.pulls() - ((old != null) ? old.pulls() : 0);
	}

	/** The pulls over all arms. */
	public long totalPulls() {
		return this.totalPulls;
	}

	/** A copy of all statistics. */
	public Map<String, ArmStatistics> snapshot() {
		return Map.copyOf(this.arms);
	}

}
