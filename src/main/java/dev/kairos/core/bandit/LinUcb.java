package dev.kairos.core.bandit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.linalg.RidgeModel;

/**
 * LinUCB (Li, Chu, Langford &amp; Schapire 2010, "A contextual-bandit approach to
 * personalized news article recommendation", WWW, Algorithm 1): score
 * {@code p = θᵀx + α·sqrt(xᵀ A⁻¹ x)} with {@code A = λI + Σ x xᵀ}, {@code b = Σ r x},
 * {@code θ = A⁻¹ b}, and play the best k.
 *
 * <p>
 * Two modes:
 * <ul>
 * <li>{@link #shared(int, double, double) shared}: one model (A, b) for all arms, the
 * item's identity carried by its features in x. This is what the service uses (d = 32);
 * scoring is O(n·d²) with no allocation beyond the result, an update O(d²).</li>
 * <li>{@link #disjoint(int, double, double) disjoint}: the paper's Algorithm 1, one model
 * per arm id, each with its own matrix, created at the arm's first update; an arm without
 * a model scores with the prior ({@code θ = 0}, {@code A = λI}).</li>
 * </ul>
 *
 * <p>
 * Use in the service (shared mode): <pre>
 * LinUcb policy = LinUcb.shared(32, alpha, lambda);
 * policy.restore(LinearStatistics.fromPacked(32, stored));     // state from the store, versioned
 * Slate slate = policy.select(candidates, k);                   // request path: O(n·d²/2)
 * policy.update(arm, reward);                                   // worker: O(d²)
 * double[] delta = policy.drainDelta().toPacked();              // worker: add entry by entry in the store
 * policy.merge(LinearStatistics.fromPacked(32, othersDelta));   // or restore a fresh snapshot
 * </pre>
 *
 * <p>
 * Deviations: λ is a parameter (1 in the paper); A⁻¹ is maintained by Sherman–Morrison
 * with periodic re-factorisation instead of being inverted each round (see
 * {@link dev.kairos.core.linalg.GramMatrix}); slates take the k best scores (ties by id).
 * Propensity: deterministic, 1 for chosen arms and 0 for the others.
 */
public final class LinUcb implements BanditPolicy {

	private final int dimension;

	private final double alpha;

	private final double lambda;

	private final RidgeModel shared;

	private final Map<String, RidgeModel> perArm;

	private LinUcb(int dimension, double alpha, double lambda, boolean disjoint) {
		if (dimension < 1) {
			throw new IllegalArgumentException("dimension must be at least 1, was " + dimension);
		}
		Ranking.requireNonNegative(alpha, "alpha");
		Ranking.requirePositive(lambda, "lambda");
		this.dimension = dimension;
		this.alpha = alpha;
		this.lambda = lambda;
		this.shared = disjoint ? null : new RidgeModel(dimension, lambda);
		this.perArm = disjoint ? new HashMap<>() : null;
	}

	/**
	 * One model for all arms.
	 * @param dimension d, the length of every arm's features
	 * @param alpha the exploration strength α, not negative
	 * @param lambda the ridge regulariser λ &gt; 0
	 */
	public static LinUcb shared(int dimension, double alpha, double lambda) {
		return new LinUcb(dimension, alpha, lambda, false);
	}

	/** One model per arm id (Li et al. 2010, Algorithm 1). */
	public static LinUcb disjoint(int dimension, double alpha, double lambda) {
		return new LinUcb(dimension, alpha, lambda, true);
	}

	@Override
	public String name() {
		return "linucb";
	}

	/** True in the shared mode. */
	public boolean isShared() {
		return this.shared != null;
	}

	@Override
	public Slate select(List<Arm> candidates, int k) {
		if (this.shared != null) {
			return selectShared(this.shared, candidates, k, this.alpha, this.dimension);
		}
		Ranking.validate(candidates, k, this.dimension);
		int n = candidates.size();
		double[] mean = new double[n];
		double[] bonus = new double[n];
		double[] score = new double[n];
		double priorScale = 1.0 / Math.sqrt(this.lambda);
		for (int i = 0; i < n; i++) {
			Arm arm = candidates.get(i);
			RidgeModel model = this.perArm.get(arm.id());
			if (model == null) {
				bonus[i] = this.alpha * priorScale * norm(arm.features());
			}
			else {
				mean[i] = model.mean(arm.features());
				bonus[i] = this.alpha * model.width(arm.features());
			}
			score[i] = mean[i] + bonus[i];
		}
		int[] chosen = Ranking.topK(candidates, score, k);
		return Ranking.slate(candidates, chosen, mean, bonus, score, Ranking.deterministicPropensities(n, chosen));
	}

	@Override
	public void update(Arm arm, double reward) {
		Ranking.requireFinite(reward);
		Ranking.requireFeatures(arm, this.dimension);
		model(arm.id()).update(arm.features(), reward);
	}

	// ---- storage (shared mode) ----

	/** The shared model's statistics (sums without λI), for storage. Shared mode only. */
	public LinearStatistics statistics() {
		return sharedModel().statistics();
	}

	/** Replaces the shared model's state with stored statistics. Shared mode only. */
	public void restore(LinearStatistics statistics) {
		sharedModel().restore(statistics);
	}

	/** Adds statistics learned elsewhere to the shared model. Shared mode only. */
	public void merge(LinearStatistics delta) {
		sharedModel().merge(delta);
	}

	/**
	 * What the shared model learned since the last call, for additive storage. Shared
	 * mode only.
	 */
	public LinearStatistics drainDelta() {
		return sharedModel().drainDelta();
	}

	/** The shared model itself. Shared mode only. */
	public RidgeModel sharedModel() {
		if (this.shared == null) {
			throw new IllegalStateException("this LinUCB is disjoint: use armModel(id)");
		}
		return this.shared;
	}

	// ---- storage (disjoint mode) ----

	/** The model of one arm (created empty if absent). Disjoint mode only. */
	public RidgeModel armModel(String id) {
		if (this.perArm == null) {
			throw new IllegalStateException("this LinUCB is shared: use sharedModel()");
		}
		return this.perArm.computeIfAbsent(id, (key) -> new RidgeModel(this.dimension, this.lambda));
	}

	/** Snapshots of every arm's statistics. Disjoint mode only. */
	public Map<String, LinearStatistics> armStatistics() {
		if (this.perArm == null) {
			throw new IllegalStateException("this LinUCB is shared: use statistics()");
		}
		Map<String, LinearStatistics> result = new HashMap<>();
		this.perArm.forEach((id, model) -> result.put(id, model.statistics()));
		return result;
	}

	private RidgeModel model(String id) {
		return (this.shared != null) ? this.shared : armModel(id);
	}

	/** Fills mean, α·width and their sum for one shared ridge model (batch path). */
	/**
	 * The top k of the candidates under one shared ridge model, by {@code θᵀx +
	 * α·‖x‖_{A⁻¹}}: LinUCB's selection, shared by its discounted and sliding-window
	 * variants.
	 */
	static Slate selectShared(RidgeModel model, List<Arm> candidates, int k, double alpha, int dimension) {
		Ranking.validate(candidates, k, dimension);
		int n = candidates.size();
		double[] mean = new double[n];
		double[] bonus = new double[n];
		double[] score = new double[n];
		scoreShared(model, candidates, alpha, mean, bonus, score);
		int[] chosen = Ranking.topK(candidates, score, k);
		return Ranking.slate(candidates, chosen, mean, bonus, score, Ranking.deterministicPropensities(n, chosen));
	}

	static void scoreShared(RidgeModel model, List<Arm> candidates, double alpha, double[] mean, double[] bonus,
			double[] score) {
		int n = candidates.size();
		double[][] xs = features(candidates);
		model.meansAndWidths(xs, n, mean, bonus);
		for (int i = 0; i < n; i++) {
			bonus[i] *= alpha;
			score[i] = mean[i] + bonus[i];
		}
	}

	static double[][] features(List<Arm> candidates) {
		double[][] xs = new double[candidates.size()][];
		for (int i = 0; i < xs.length; i++) {
			xs[i] = candidates.get(i).features();
		}
		return xs;
	}

	static double norm(double[] x) {
		double s = 0;
		for (double v : x) {
			s += v * v;
		}
		return Math.sqrt(s);
	}

}
