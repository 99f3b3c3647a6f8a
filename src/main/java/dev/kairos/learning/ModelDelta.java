package dev.kairos.learning;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kairos.core.bandit.ServedMetaBandit;
import dev.kairos.core.eval.HoldoutGuard;
import dev.kairos.core.linalg.LinearStatistics;

/**
 * The sum of a batch's {@link Observation}s, to be merged into the shared model in one
 * step: the change of the sufficient statistics in {@link LinearStatistics#toPacked()}
 * order ({@code n}, {@code b = Σ r x}, the upper triangle of {@code A = Σ x xᵀ}), the
 * items shown and clicked per policy, and the held-out items for the learning guard. The
 * statistics are additive, so the sum of the batches' deltas is the delta of the whole
 * stream, whatever the batches.
 *
 * <p>
 * For the policies served beyond the shared model ({@link PolicySettings}) it sums, from
 * the same observations: per item its pulls (shown less withdrawn), its reward and, for
 * hybrid LinUCB, its feature vectors (pooled over every policy's slates, as the shared
 * model is); and the meta-bandit's EXP3 credit of the configuration that served each of
 * its own slates ({@link ServedMetaBandit#credit}), with the items each configuration
 * showed.
 */
public final class ModelDelta {

	private final int dimension;

	private final double[] packed;

	private final Map<String, long[]> counts = new TreeMap<>();

	private final List<HoldoutGuard.Observation> heldOut = new ArrayList<>();

	private final List<Observation> clicks = new ArrayList<>();

	private boolean learned;

	private final PolicySettings policies;

	private final Map<String, double[]> items = new TreeMap<>();

	private final Map<String, double[]> itemFeatureSums = new TreeMap<>();

	private final Map<String, double[]> meta = new TreeMap<>();

	public ModelDelta(int dimension) {
		this(dimension, null);
	}

	/**
	 * @param dimension d
	 * @param policies the policies served, whose own statistics are summed too, or
	 * {@code null} for the shared model's alone
	 */
	public ModelDelta(int dimension, PolicySettings policies) {
		this.dimension = dimension;
		this.packed = new double[LinearStatistics.packedLength(dimension)];
		this.policies = policies;
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
					addItem(o, 1, 0);
					if (o.policy().equals("meta-bandit")) {
						addMeta(o.variant(), 1, 0);
					}
				}
			}
			case WITHDRAWN -> {
				addOuter(o.x(), -1);
				c[2]++;
				addItem(o, -1, 0);
				if (o.policy().equals("meta-bandit")) {
					addMeta(o.variant(), -1, 0);
				}
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
					addItem(o, 0, o.reward());
					if (o.policy().equals("meta-bandit")) {
						addMeta(o.variant(), 0, o.reward());
					}
				}
			}
			case HELD_OUT -> this.heldOut.add(new HoldoutGuard.Observation(o.x().clone(), o.reward()));
		}
	}

	private void addItem(Observation o, int pulls, double reward) {
		if (this.policies == null || !this.policies.perItem() || o.itemId() == null || o.itemId().isEmpty()) {
			return;
		}
		double[] item = this.items.computeIfAbsent(o.itemId(), (k) -> new double[2]);
		item[0] += pulls;
		item[1] += reward;
		if (pulls != 0 && this.policies.serves("hybrid-linucb")) {
			double[] sum = this.itemFeatureSums.computeIfAbsent(o.itemId(), (k) -> new double[this.dimension]);
			for (int i = 0; i < this.dimension; i++) {
				sum[i] += pulls * o.x()[i];
			}
		}
	}

	private void addMeta(String variant, int shown, double reward) {
		if (this.policies == null || !this.policies.serves("meta-bandit")) {
			return;
		}
		ServedMetaBandit.Choice choice = ServedMetaBandit.parse(variant);
		if (choice == null) {
			return;
		}
		double[] m = this.meta.computeIfAbsent(choice.alphaKey(), (k) -> new double[2]);
		m[0] += shown;
		if (reward > 0) {
			m[1] += ServedMetaBandit.credit(reward, choice.probability(), this.policies.metaGamma(),
					this.policies.metaAlphas().size());
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

	/** The policies whose statistics are summed, or {@code null}. */
	public PolicySettings policies() {
		return this.policies;
	}

	/** Per item: the change of its pulls and of its reward sum. */
	public Map<String, double[]> items() {
		return this.items;
	}

	/** Per item: the change of the sum of its feature vectors (hybrid LinUCB). */
	public Map<String, double[]> itemFeatureSums() {
		return this.itemFeatureSums;
	}

	/** Per meta-bandit α key: items shown, and the change of its log-weight. */
	public Map<String, double[]> meta() {
		return this.meta;
	}

	public boolean isEmpty() {
		return !this.learned && this.counts.isEmpty() && this.heldOut.isEmpty();
	}

}
