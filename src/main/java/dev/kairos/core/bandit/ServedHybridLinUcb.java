package dev.kairos.core.bandit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import dev.kairos.core.linalg.LinearStatistics;
import dev.kairos.core.linalg.RidgePosterior;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.ServingPolicy;

/**
 * LinUCB with hybrid linear models as served ({@link HybridLinUcb}; Li et al. 2010,
 * Algorithm 2): the expected reward of item a is {@code zᵀβ + θ_a}, the shared features z
 * (the 32-dimensional feature vector) with coefficients β shared by all items, plus an
 * item's own intercept θ_a (the paper's per-arm features x_a reduced to the constant 1).
 * The model is built at each version from additive statistics, so that workers can merge
 * deltas: the shared sums {@code Σ zzᵀ}, {@code Σ r z}, and per item its count
 * {@code n_a}, reward sum {@code S_a} and feature sum {@code v_a = Σ z} (the paper's
 * {@code B_aᵀ}). With {@code c_a = 1/(λ + n_a)} (the paper's {@code A_a⁻¹}):
 *
 * <pre>
 * A₀ = λI + Σ zzᵀ − Σ_a c_a v_a v_aᵀ,   b₀ = Σ r z − Σ_a c_a S_a v_a,   β̂ = A₀⁻¹ b₀
 * θ̂_a = c_a (S_a − v_aᵀβ̂)
 * s = zᵀA₀⁻¹z − 2 c_a zᵀA₀⁻¹v_a + c_a + c_a² v_aᵀA₀⁻¹v_a
 * μ = zᵀβ̂ + θ̂_a,   bonus = α·sqrt(s)
 * </pre> which is the paper's A₀, b₀ after its lines 17–23, computed in one pass instead
 * of incrementally (O(items·d²) per version, off the request path). An item with no
 * statistics has {@code n_a = 0}, {@code v_a = 0}. Deterministic.
 */
public final class ServedHybridLinUcb implements ServingPolicy {

	/**
	 * One item's statistics.
	 *
	 * @param count n_a (observations, the item's share of Σ zzᵀ's count)
	 * @param rewardSum S_a
	 * @param featureSum v_a = Σ z over its observations
	 */
	public record ItemStatistics(double count, double rewardSum, double[] featureSum) {
	}

	private final double alpha;

	private final double lambda;

	private final RidgePosterior shared;

	private final Map<String, double[]> solved = new HashMap<>();

	private final Map<String, ItemStatistics> items;

	private final double[] beta;

	private final long count;

	/**
	 * @param shared the shared sums (Σ zzᵀ, Σ r z, count), without λI
	 * @param items per item id its statistics
	 * @param lambda λ &gt; 0
	 * @param alpha α ≥ 0
	 */
	public ServedHybridLinUcb(LinearStatistics shared, Map<String, ItemStatistics> items, double lambda, double alpha) {
		Ranking.requirePositive(lambda, "lambda");
		Ranking.requireNonNegative(alpha, "alpha");
		this.alpha = alpha;
		this.lambda = lambda;
		this.items = Map.copyOf(items);
		int d = shared.dimension();
		double[] a = shared.a();
		double[] b = shared.b();
		for (ItemStatistics item : this.items.values()) {
			double[] v = item.featureSum();
			if (v.length != d) {
				throw new IllegalArgumentException("an item's feature sum has " + v.length + " entries, not " + d);
			}
			double c = 1.0 / (lambda + Math.max(0, item.count()));
			for (int i = 0; i < d; i++) {
				b[i] -= c * item.rewardSum() * v[i];
				for (int j = 0; j < d; j++) {
					a[i * d + j] -= c * v[i] * v[j];
				}
			}
		}
		for (int i = 0; i < d; i++) {
			for (int j = 0; j < i; j++) {
				double m = 0.5 * (a[i * d + j] + a[j * d + i]);
				a[i * d + j] = m;
				a[j * d + i] = m;
			}
		}
		this.shared = RidgePosterior.of(LinearStatistics.of(d, a, b, shared.count()), lambda);
		this.beta = this.shared.theta();
		this.count = shared.count();
		this.items.forEach((id, item) -> this.solved.put(id, this.shared.inverseTimes(item.featureSum())));
	}

	@Override
	public String name() {
		return "hybrid-linucb";
	}

	@Override
	public Recommender.Terms terms(List<String> itemIds, double[][] z, RandomGenerator random) {
		int n = z.length;
		double[] mean = new double[n];
		double[] width = new double[n];
		this.shared.meansAndWidths(z, mean, width);
		double[] bonus = new double[n];
		for (int i = 0; i < n; i++) {
			double s = width[i] * width[i];
			ItemStatistics item = this.items.get(itemIds.get(i));
			if (item == null) {
				s += 1.0 / this.lambda;
			}
			else {
				double c = 1.0 / (this.lambda + Math.max(0, item.count()));
				double[] u = this.solved.get(itemIds.get(i));
				double[] v = item.featureSum();
				double zu = 0;
				double vu = 0;
				double vb = 0;
				for (int j = 0; j < u.length; j++) {
					zu += z[i][j] * u[j];
					vu += v[j] * u[j];
					vb += v[j] * this.beta[j];
				}
				s += -2 * c * zu + c + c * c * vu;
				mean[i] += c * (item.rewardSum() - vb);
			}
			bonus[i] = this.alpha * Math.sqrt(Math.max(0, s));
		}
		return new Recommender.Terms(mean, bonus, this.count);
	}

}
