package dev.kairos.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kairos.core.eval.HoldoutGuard;
import dev.kairos.core.linalg.LinearStatistics;

/**
 * The sum of a batch's {@link Observation}s, to be merged into the shared model in one
 * step: the change of the sufficient statistics in {@link LinearStatistics#toPacked()}
 * order ({@code n}, {@code b = Σ r x}, the upper triangle of {@code A = Σ x xᵀ}), the
 * items shown and clicked per policy, and the held-out items for the learning guard. The
 * statistics are additive, so the sum of the batches' deltas is the delta of the whole
 * stream, whatever the batches.
 */
public final class ModelDelta {

	private final int dimension;

	private final double[] packed;

	private final Map<String, long[]> counts = new TreeMap<>();

	private final List<HoldoutGuard.Observation> heldOut = new ArrayList<>();

	private final List<Observation> clicks = new ArrayList<>();

	private boolean learned;

	public ModelDelta(int dimension) {
		this.dimension = dimension;
		this.packed = new double[LinearStatistics.packedLength(dimension)];
	}

	/**
	 * Adds an observation.
	 * @throws IllegalArgumentException if its vector has another dimension
	 */
	public void add(Observation o) {
		if (o.kind() == Observation.Kind.IMPRESSION_ONLY) {
			return; // the features' exposure only
		}
		if (o.x().length != this.dimension) {
			throw new IllegalArgumentException(
					"observation of dimension " + o.x().length + " in a model of dimension " + this.dimension);
		}
		long[] c = this.counts.computeIfAbsent(o.policy(), (p) -> new long[3]);
		switch (o.kind()) {
			case SHOWN -> {
				c[0]++;
				if (o.learn()) {
					addOuter(o.x(), 1);
					c[2]++;
				}
			}
			case WITHDRAWN -> {
				addOuter(o.x(), -1);
				c[2]++;
			}
			case CREDIT -> {
				if (o.firstPositive()) {
					c[1]++;
					this.clicks.add(o);
				}
				if (o.learn() && o.reward() != 0) {
					double[] x = o.x();
					for (int i = 0; i < this.dimension; i++) {
						this.packed[1 + i] += o.reward() * x[i];
					}
					this.learned = true;
					c[2]++;
				}
			}
			case HELD_OUT -> this.heldOut.add(new HoldoutGuard.Observation(o.x().clone(), o.reward()));
		}
	}

	private void addOuter(double[] x, int sign) {
		this.packed[0] += sign;
		int d = this.dimension;
		int p = 1 + d;
		for (int i = 0; i < d; i++) {
			double xi = x[i];
			if (xi == 0) {
				p += d - i;
				continue;
			}
			for (int j = i; j < d; j++) {
				this.packed[p++] += sign * xi * x[j];
			}
		}
		this.learned = true;
	}

	public int dimension() {
		return this.dimension;
	}

	/**
	 * The change of the statistics, packed ({@link LinearStatistics#toPacked()} order);
	 * {@code n} may be negative (withdrawals).
	 */
	public double[] packed() {
		return this.packed.clone();
	}

	/** Whether the statistics change (else only counts or held-out items). */
	public boolean learns() {
		return this.learned;
	}

	/**
	 * Per policy: items shown, items with a first positive feedback, observations that
	 * change the statistics.
	 */
	public Map<String, long[]> counts() {
		return this.counts;
	}

	/** The held-out items whose window closed, with their final reward. */
	public List<HoldoutGuard.Observation> heldOut() {
		return this.heldOut;
	}

	/** The first positive feedbacks, for the click meters. */
	public List<Observation> clicks() {
		return this.clicks;
	}

	public boolean isEmpty() {
		return !this.learned && this.counts.isEmpty() && this.heldOut.isEmpty();
	}

}
