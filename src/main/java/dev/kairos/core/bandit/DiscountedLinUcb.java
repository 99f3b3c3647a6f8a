package dev.kairos.core.bandit;

import java.util.List;

import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.linalg.RidgeModel;

/**
 * D-LinUCB (Russac, Vernade &amp; Cappé 2019, "Weighted linear bandits for non-stationary
 * environments", NeurIPS, Algorithm 1): exponential forgetting of old observations,
 * {@code V_t = γV_{t−1} + x xᵀ + (1−γ)λI}, {@code b_t = γ b_{t−1} + r x},
 * {@code θ = V⁻¹ b}, so the model tracks parameters that drift or change abruptly.
 *
 * <p>
 * Deviations: one shared model (arm identity in the features); the discount is applied at
 * every observed reward, not once per round (identical for k = 1); the exploration term
 * is {@code α·sqrt(xᵀ V⁻¹ x)} with a constant α instead of the paper's
 * {@code β_{t−1}·sqrt(xᵀ V⁻¹ Ṽ V⁻¹ x)} (Ṽ with γ²), which avoids a second matrix and a
 * time-varying β at the cost of the theoretical constant. Because {@code γV + (1−γ)λI} is
 * not a rank-1 change, the inverse is re-factorised (O(d³)) lazily at the first read
 * after a batch of updates. Propensity: deterministic, 1 for chosen arms, 0 otherwise.
 */
public final class DiscountedLinUcb implements BanditPolicy {

	private final int dimension;

	private final double alpha;

	private final double gamma;

	private final RidgeModel model;

	/**
	 * @param dimension d
	 * @param alpha the exploration strength α, not negative
	 * @param lambda the regulariser λ &gt; 0, kept constant under discounting
	 * @param gamma the discount γ in (0, 1]; the effective memory is about
	 * {@code 1/(1−γ)}
	 */
	public DiscountedLinUcb(int dimension, double alpha, double lambda, double gamma) {
		Ranking.requireNonNegative(alpha, "alpha");
		if (!(gamma > 0 && gamma <= 1)) {
			throw new IllegalArgumentException("gamma must be in (0, 1], was " + gamma);
		}
		this.dimension = dimension;
		this.alpha = alpha;
		this.gamma = gamma;
		this.model = new RidgeModel(dimension, lambda);
	}

	@Override
	public String name() {
		return "discounted-linucb";
	}

	@Override
	public Slate select(List<Arm> candidates, int k) {
		return LinUcb.selectShared(this.model, candidates, k, this.alpha, this.dimension);
	}

	@Override
	public void update(Arm arm, double reward) {
		Ranking.requireFinite(reward);
		Ranking.requireFeatures(arm, this.dimension);
		this.model.discount(this.gamma);
		this.model.update(arm.features(), reward);
	}

	/** A snapshot of the discounted statistics (store snapshots, not deltas). */
	public LinearStatistics statistics() {
		return this.model.statistics();
	}

	/** The model itself. */
	public RidgeModel model() {
		return this.model;
	}

}
