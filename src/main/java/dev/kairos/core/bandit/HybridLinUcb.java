package dev.kairos.core.bandit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.kairos.core.linalg.GramMatrix;

/**
 * LinUCB with hybrid linear models (Li, Chu, Langford &amp; Schapire 2010, WWW, Algorithm
 * 2): the expected reward of arm a is {@code zᵀβ + xᵀθ_a}, with β shared by all arms
 * (features z) and θ_a specific to the arm (features x). Scores, with the paper's
 * notation ({@code A₀, b₀} shared, {@code A_a, B_a, b_a} per arm): <pre>
 * β̂ = A₀⁻¹ b₀,  θ̂_a = A_a⁻¹ (b_a − B_a β̂)
 * s = zᵀA₀⁻¹z − 2 zᵀA₀⁻¹B_aᵀA_a⁻¹x + xᵀA_a⁻¹x + xᵀA_a⁻¹B_a A₀⁻¹ B_aᵀA_a⁻¹x
 * p = zᵀβ̂ + xᵀθ̂_a + α·sqrt(s)
 * </pre> and the update of lines 17–23 of Algorithm 2.
 *
 * <p>
 * How {@link Arm#features()} carries both vectors: it is the concatenation
 * {@code [z ; x]}, the first {@code sharedDimension} entries being z and the next
 * {@code armDimension} entries x (fixed by the constructor; any other length is
 * rejected).
 *
 * <p>
 * Deviations: A₀ and A_a start at λI instead of I. A_a⁻¹ is maintained by
 * Sherman–Morrison ({@link GramMatrix}); A₀ changes by a rank-k term each update and is
 * re-factorised lazily (O(k³)) at the next read. Arms never updated score with the prior
 * (A_a = λI, B_a = 0, b_a = 0) without creating state. Each arm has its own matrix
 * objects. Propensity: deterministic, 1/0.
 */
public final class HybridLinUcb implements BanditPolicy {

	private final int k;

	private final int d;

	private final double alpha;

	private final double lambda;

	private final GramMatrix a0;

	private final double[] b0;

	private final double[] beta;

	private boolean betaValid = true;

	private final Map<String, ArmModel> arms = new HashMap<>();

	// scratch, sized once
	private final double[] z;

	private final double[] x;

	private final double[] u;

	private final double[] w;

	private final double[] v0;

	private final double[] v1;

	private final double[] c;

	private final double[] theta;

	/**
	 * @param sharedDimension k, the length of z (first part of the features)
	 * @param armDimension d, the length of x (second part)
	 * @param alpha the exploration strength α, not negative
	 * @param lambda the regulariser λ &gt; 0
	 */
	public HybridLinUcb(int sharedDimension, int armDimension, double alpha, double lambda) {
		if (sharedDimension < 1 || armDimension < 1) {
			throw new IllegalArgumentException("both dimensions must be at least 1");
		}
		Ranking.requireNonNegative(alpha, "alpha");
		Ranking.requirePositive(lambda, "lambda");
		this.k = sharedDimension;
		this.d = armDimension;
		this.alpha = alpha;
		this.lambda = lambda;
		this.a0 = GramMatrix.identity(sharedDimension, lambda);
		this.b0 = new double[sharedDimension];
		this.beta = new double[sharedDimension];
		this.z = new double[sharedDimension];
		this.x = new double[armDimension];
		this.u = new double[armDimension];
		this.w = new double[sharedDimension];
		this.v0 = new double[sharedDimension];
		this.v1 = new double[sharedDimension];
		this.c = new double[armDimension];
		this.theta = new double[armDimension];
	}

	@Override
	public String name() {
		return "hybrid-linucb";
	}

	@Override
	public Slate select(List<Arm> candidates, int slateSize) {
		Ranking.validate(candidates, slateSize, this.k + this.d);
		int n = candidates.size();
		double[] mean = new double[n];
		double[] bonus = new double[n];
		double[] score = new double[n];
		double[] betaHat = beta();
		for (int i = 0; i < n; i++) {
			split(candidates.get(i).features());
			this.a0.solve(this.z, this.v0);
			double s = dot(this.z, this.v0);
			double m = dot(this.z, betaHat);
			ArmModel arm = this.arms.get(candidates.get(i).id());
			if (arm == null) {
				s += dot(this.x, this.x) / this.lambda;
			}
			else {
				arm.a.solve(this.x, this.u);
				// w = B_aᵀ A_a⁻¹ x
				java.util.Arrays.fill(this.w, 0.0);
				for (int r = 0; r < this.d; r++) {
					double ur = this.u[r];
					for (int j = 0; j < this.k; j++) {
						this.w[j] += arm.b[r * this.k + j] * ur;
					}
				}
				this.a0.solve(this.w, this.v1);
				s += -2 * dot(this.z, this.v1) + dot(this.x, this.u) + dot(this.w, this.v1);
				// θ̂_a = A_a⁻¹ (b_a − B_a β̂)
				for (int r = 0; r < this.d; r++) {
					double t = arm.rewards[r];
					for (int j = 0; j < this.k; j++) {
						t -= arm.b[r * this.k + j] * betaHat[j];
					}
					this.c[r] = t;
				}
				arm.a.solve(this.c, this.theta);
				m += dot(this.x, this.theta);
			}
			mean[i] = m;
			bonus[i] = this.alpha * Math.sqrt(Math.max(0.0, s));
			score[i] = m + bonus[i];
		}
		int[] chosen = Ranking.topK(candidates, score, slateSize);
		return Ranking.slate(candidates, chosen, mean, bonus, score, Ranking.deterministicPropensities(n, chosen));
	}

	@Override
	public void update(Arm candidate, double reward) {
		Ranking.requireFinite(reward);
		Ranking.requireFeatures(candidate, this.k + this.d);
		split(candidate.features());
		ArmModel arm = this.arms.computeIfAbsent(candidate.id(), (id) -> new ArmModel(this.d, this.k, this.lambda));
		double[] delta = new double[this.k * this.k];
		// lines 17–18: A₀ += B_aᵀA_a⁻¹B_a, b₀ += B_aᵀA_a⁻¹b_a
		addProjection(arm, delta, this.b0, 1.0);
		// lines 19–21
		arm.a.addOuter(this.x, 1.0);
		for (int r = 0; r < this.d; r++) {
			for (int j = 0; j < this.k; j++) {
				arm.b[r * this.k + j] += this.x[r] * this.z[j];
			}
			arm.rewards[r] += reward * this.x[r];
		}
		// lines 22–23: A₀ += zzᵀ − B_aᵀA_a⁻¹B_a, b₀ += rz − B_aᵀA_a⁻¹b_a
		for (int i = 0; i < this.k; i++) {
			for (int j = 0; j < this.k; j++) {
				delta[i * this.k + j] += this.z[i] * this.z[j];
			}
			this.b0[i] += reward * this.z[i];
		}
		addProjection(arm, delta, this.b0, -1.0);
		symmetrise(delta);
		this.a0.add(delta);
		this.betaValid = false;
	}

	/** The shared coefficients β̂ = A₀⁻¹ b₀ (a copy). */
	public double[] sharedCoefficients() {
		return beta().clone();
	}

	/** The number of arms with their own statistics. */
	public int armCount() {
		return this.arms.size();
	}

	// delta += sign·B_aᵀA_a⁻¹B_a; b0 += sign·B_aᵀA_a⁻¹b_a
	private void addProjection(ArmModel arm, double[] delta, double[] b0, double sign) {
		double[] inverse = arm.a.inverseView();
		// C = A_a⁻¹ B_a (d×k)
		double[] cm = new double[this.d * this.k];
		for (int r = 0; r < this.d; r++) {
			for (int s = 0; s < this.d; s++) {
				double air = inverse[r * this.d + s];
				for (int j = 0; j < this.k; j++) {
					cm[r * this.k + j] += air * arm.b[s * this.k + j];
				}
			}
		}
		for (int r = 0; r < this.d; r++) {
			for (int i = 0; i < this.k; i++) {
				double bri = arm.b[r * this.k + i];
				for (int j = 0; j < this.k; j++) {
					delta[i * this.k + j] += sign * bri * cm[r * this.k + j];
				}
				b0[i] += sign * cm[r * this.k + i] * arm.rewards[r];
			}
		}
	}

	private void symmetrise(double[] m) {
		for (int i = 0; i < this.k; i++) {
			for (int j = 0; j < i; j++) {
				double avg = 0.5 * (m[i * this.k + j] + m[j * this.k + i]);
				m[i * this.k + j] = avg;
				m[j * this.k + i] = avg;
			}
		}
	}

	private double[] beta() {
		if (!this.betaValid) {
			this.a0.solve(this.b0, this.beta);
			this.betaValid = true;
		}
		return this.beta;
	}

	private void split(double[] features) {
		System.arraycopy(features, 0, this.z, 0, this.k);
		System.arraycopy(features, this.k, this.x, 0, this.d);
	}

	private static double dot(double[] p, double[] q) {
		double s = 0;
		for (int i = 0; i < p.length; i++) {
			s += p[i] * q[i];
		}
		return s;
	}

	/** A_a, B_a, b_a of one arm: its own objects, never shared. */
	private static final class ArmModel {

		final GramMatrix a;

		final double[] b;

		final double[] rewards;

		ArmModel(int d, int k, double lambda) {
			this.a = GramMatrix.identity(d, lambda);
			this.b = new double[d * k];
			this.rewards = new double[d];
		}

	}

}
