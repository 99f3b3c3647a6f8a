package dev.kairos.core.bandit;

import java.util.List;

import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.linalg.RidgeModel;

/**
 * SW-LinUCB (Cheung, Simchi-Levi &amp; Zhu 2019, "Learning to optimize under
 * non-stationarity", AISTATS, §4, the sliding-window regularised least squares): LinUCB
 * on the last W observations only. Each new observation is added by a rank-1 update and,
 * once the window is full, the oldest is removed by a rank-1 downdate (Sherman–Morrison
 * with weight −1), so an update stays O(d²); the regulariser λI keeps the downdate well
 * defined and the periodic re-factorisation bounds its drift.
 *
 * <p>
 * Deviations: one shared model (arm identity in the features); a constant α instead of
 * the paper's β_t; the window counts observed rewards rather than rounds (identical for k
 * = 1). The window keeps copies of the feature vectors (W·d doubles). Propensity:
 * deterministic.
 */
public final class SlidingWindowLinUcb implements BanditPolicy {

	private final int dimension;

	private final double alpha;

	private final RidgeModel model;

	private final double[][] windowFeatures;

	private final double[] windowRewards;

	private int next;

	private int size;

	/**
	 * @param dimension d
	 * @param alpha the exploration strength α, not negative
	 * @param lambda the regulariser λ &gt; 0
	 * @param window W, the number of most recent observations kept, at least 1
	 */
	public SlidingWindowLinUcb(int dimension, double alpha, double lambda, int window) {
		Ranking.requireNonNegative(alpha, "alpha");
		if (window < 1) {
			throw new IllegalArgumentException("window must be at least 1, was " + window);
		}
		this.dimension = dimension;
		this.alpha = alpha;
		this.model = new RidgeModel(dimension, lambda);
		this.windowFeatures = new double[window][dimension];
		this.windowRewards = new double[window];
	}

	@Override
	public String name() {
		return "sliding-window-linucb";
	}

	@Override
	public Slate select(List<Arm> candidates, int k) {
		return LinUcb.selectShared(this.model, candidates, k, this.alpha, this.dimension);
	}

	@Override
	public void update(Arm arm, double reward) {
		Ranking.requireFinite(reward);
		Ranking.requireFeatures(arm, this.dimension);
		int w = this.windowRewards.length;
		if (this.size == w) {
			this.model.remove(this.windowFeatures[this.next], this.windowRewards[this.next]);
		}
		else {
			this.size++;
		}
		System.arraycopy(arm.features(), 0, this.windowFeatures[this.next], 0, this.dimension);
		this.windowRewards[this.next] = reward;
		this.model.update(this.windowFeatures[this.next], reward);
		this.next = (this.next + 1) % w;
	}

	/** The statistics of the current window. */
	public LinearStatistics statistics() {
		return this.model.statistics();
	}

	/** The number of observations in the window. */
	public int windowSize() {
		return this.size;
	}

}
