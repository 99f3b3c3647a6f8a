package dev.kairos.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.metrics.KairosMetrics;

/**
 * The worker's learning step: the observations of a batch, read from the observations
 * log, are summed in Java ({@link ModelDelta}) and merged into the shared model once per
 * partition and batch, guarded by the partition's offset: a batch is merged only if the
 * stored offset is still the one its records follow, so a redelivered record is never
 * counted twice and a worker that lost its partition cannot overwrite the new owner's
 * progress.
 */
public class ModelLearner {

	private final ModelStore store;

	private final KairosMetrics metrics;

	private final DriftWatch drift;

	private final PolicySettings policies;

	public ModelLearner(ModelStore store, KairosMetrics metrics) {
		this(store, metrics, null);
	}

	/**
	 * @param drift watches the reward stream of every merged batch, or {@code null}
	 */
	public ModelLearner(ModelStore store, KairosMetrics metrics, DriftWatch drift) {
		this(store, metrics, drift, null);
	}

	/**
	 * @param drift watches the reward stream of every merged batch, or {@code null}
	 * @param policies the policies served, whose own statistics are learned too, or
	 * {@code null} for the shared model's alone
	 */
	public ModelLearner(ModelStore store, KairosMetrics metrics, DriftWatch drift, PolicySettings policies) {
		this.store = store;
		this.metrics = metrics;
		this.drift = drift;
		this.policies = policies;
	}

	/** An observation with its place in the log. */
	public record Logged(int partition, long offset, Observation observation) {
	}

	/**
	 * Merges a batch (records of a partition in offset order).
	 * @return how many observations were merged (redelivered ones are not)
	 * @throws IllegalStateException if another worker merged the same partition meanwhile
	 * (the batch is then redelivered and skipped up to that worker's offset)
	 */
	public int learn(List<Logged> batch) {
		Map<Integer, List<Logged>> byPartition = new TreeMap<>();
		for (Logged logged : batch) {
			byPartition.computeIfAbsent(logged.partition(), (p) -> new ArrayList<>()).add(logged);
		}
		Map<Integer, Long> merged = this.store.mergedOffsets(byPartition.keySet());
		int applied = 0;
		for (Map.Entry<Integer, List<Logged>> partition : byPartition.entrySet()) {
			long after = merged.getOrDefault(partition.getKey(), -1L);
			ModelDelta delta = new ModelDelta(FeatureVector.DIMENSION, this.policies);
			List<Observation> batchObservations = new ArrayList<>(partition.getValue().size());
			long last = after;
			int count = 0;
			for (Logged logged : partition.getValue()) {
				if (logged.offset() <= after) {
					continue; // merged before this batch was redelivered
				}
				last = Math.max(last, logged.offset());
				if (logged.observation().x().length != FeatureVector.DIMENSION) {
					// a slate served under another feature schema (before an
					// upgrade): its vectors mean something else, and the model of
					// this schema starts empty rather than mixing them in
					continue;
				}
				delta.add(logged.observation());
				batchObservations.add(logged.observation());
				count++;
			}
			if (last == after) {
				continue;
			}
			if (!this.store.merge(partition.getKey(), after, last, delta)) {
				throw new IllegalStateException("partition " + partition.getKey()
						+ " of the observations was merged by another worker since offset " + after);
			}
			applied += count;
			delta.counts().forEach((policy, c) -> {
				if (c[2] > 0) {
					this.metrics.modelUpdated(policy, c[2]);
				}
			});
			for (Observation click : delta.clicks()) {
				this.metrics.clicked(click.policy(), click.reason());
			}
			if (this.drift != null) {
				// after the merge only: a batch skipped as redelivered never reaches it
				this.drift.observe(batchObservations);
			}
		}
		return applied;
	}

}
