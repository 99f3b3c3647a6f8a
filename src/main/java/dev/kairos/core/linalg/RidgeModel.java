package dev.kairos.core.linalg;

import java.util.random.RandomGenerator;

/**
 * An online ridge-regression reward model {@code r ≈ θᵀx}: {@code A = λI + Σ x xᵀ},
 * {@code b = Σ r x}, {@code θ = A⁻¹ b} (Li et al. 2010, Algorithm 1, lines 5–8 and
 * 12–13).
 *
 * <p>
 * The inverse is maintained by {@link GramMatrix} (Sherman–Morrison, periodic
 * re-factorisation); {@code θ} is cached and recomputed (O(d²)) on the first read after
 * an update. An update is O(d²) with no allocation; {@link #mean(double[])} is O(d) and
 * {@link #width(double[])} O(d²).
 *
 * <p>
 * State for storage is {@link #statistics()} (the additive sums without {@code λI}); a
 * worker can instead ship only what it learned since the last call with
 * {@link #drainDelta()}, and a reader applies others' deltas with
 * {@link #merge(LinearStatistics)} or replaces its state with
 * {@link #restore(LinearStatistics)}. Mismatched dimensions are rejected. Not
 * thread-safe.
 */
public final class RidgeModel {

	private final int d;

	private final double lambda;

	private GramMatrix gram;

	private final double[] b;

	private long count;

	private final double[] theta;

	private boolean thetaValid;

	private final double[] pendingA;

	private final double[] pendingB;

	private long pendingCount;

	private final double[] gaussian;

	private final double[] deviation;

	private double[] transposed = new double[0];

	private double[] batchScratch = new double[0];

	/**
	 * An empty model.
	 * @param dimension d, at least 1
	 * @param lambda ridge regulariser λ &gt; 0 (the prior precision; 1 in Li et al. 2010)
	 */
	public RidgeModel(int dimension, double lambda) {
		GramMatrix.requirePositive(lambda, "lambda");
		this.d = dimension;
		this.lambda = lambda;
		this.gram = GramMatrix.identity(dimension, lambda);
		this.b = new double[dimension];
		this.theta = new double[dimension];
		this.thetaValid = true;
		this.pendingA = new double[dimension * dimension];
		this.pendingB = new double[dimension];
		this.gaussian = new double[dimension];
		this.deviation = new double[dimension];
	}

	/** A model holding the given statistics. */
	public static RidgeModel of(LinearStatistics statistics, double lambda) {
		RidgeModel model = new RidgeModel(statistics.dimension(), lambda);
		model.restore(statistics);
		return model;
	}

	/**
	 * Learns one observation.
	 * @throws IllegalArgumentException if x has the wrong length or x or the reward is
	 * not finite
	 */
	public void update(double[] x, double reward) {
		requireObservation(x, reward);
		this.gram.addOuter(x, 1.0);
		int n = this.d;
		double[] pa = this.pendingA;
		for (int i = 0; i < n; i++) {
			this.b[i] += reward * x[i];
			this.pendingB[i] += reward * x[i];
			double s = x[i];
			int row = i * n;
			for (int j = 0; j < n; j++) {
				pa[row + j] += s * x[j];
			}
		}
		this.count++;
		this.pendingCount++;
		this.thetaValid = false;
	}

	/** Forgets one observation learned earlier (sliding windows): a rank-1 downdate. */
	public void remove(double[] x, double reward) {
		requireObservation(x, reward);
		this.gram.addOuter(x, -1.0);
		int n = this.d;
		double[] pa = this.pendingA;
		for (int i = 0; i < n; i++) {
			this.b[i] -= reward * x[i];
			this.pendingB[i] -= reward * x[i];
			double s = x[i];
			int row = i * n;
			for (int j = 0; j < n; j++) {
				pa[row + j] -= s * x[j];
			}
		}
		this.count--;
		this.pendingCount--;
		this.thetaValid = false;
	}

	/**
	 * Exponential forgetting: {@code A ← γA + (1−γ)λI}, {@code b ← γb} (Russac et al.
	 * 2019). The inverse is re-factorised lazily at the next read (O(d³)). Deltas from
	 * {@link #drainDelta()} are not meaningful for discounted models: store snapshots.
	 */
	public void discount(double gamma) {
		this.gram.discount(gamma, this.lambda);
		for (int i = 0; i < this.d; i++) {
			this.b[i] *= gamma;
		}
		this.thetaValid = false;
	}

	/** The estimate {@code θᵀx}. */
	public double mean(double[] x) {
		requireDimension(x);
		return GramMatrix.dot(thetaView(), x, this.d);
	}

	/** The confidence width {@code sqrt(xᵀ A⁻¹ x)}. */
	public double width(double[] x) {
		requireDimension(x);
		return Math.sqrt(Math.max(0.0, this.gram.inverseQuadraticForm(x)));
	}

	/**
	 * Means {@code θᵀx_c} and widths {@code sqrt(x_cᵀ A⁻¹ x_c)} of many vectors at once:
	 * the fast path for scoring candidates (O(n·d²/2) in vectorisable loops; scratch is
	 * reused across calls, so the steady state allocates nothing).
	 * @param xs the vectors, each of length d
	 * @param n how many of them to score
	 * @param means filled with the means, at least n entries
	 * @param widths filled with the widths, at least n entries
	 */
	public void meansAndWidths(double[][] xs, int n, double[] means, double[] widths) {
		int dim = this.d;
		if (this.transposed.length < dim * n) {
			this.transposed = new double[dim * n];
			this.batchScratch = new double[n];
		}
		double[] xt = this.transposed;
		for (int c = 0; c < n; c++) {
			double[] x = xs[c];
			requireDimension(x);
			for (int i = 0; i < dim; i++) {
				xt[i * n + c] = x[i];
			}
		}
		double[] t = thetaView();
		java.util.Arrays.fill(means, 0, n, 0.0);
		for (int i = 0; i < dim; i++) {
			double ti = t[i];
			int row = i * n;
			for (int c = 0; c < n; c++) {
				means[c] += ti * xt[row + c];
			}
		}
		this.gram.inverseQuadraticForms(xt, n, widths, this.batchScratch);
		for (int c = 0; c < n; c++) {
			widths[c] = Math.sqrt(Math.max(0.0, widths[c]));
		}
	}

	/** A copy of {@code θ = A⁻¹ b}. */
	public double[] theta() {
		return thetaView().clone();
	}

	/**
	 * Draws {@code θ̃ ~ N(θ, v² A⁻¹)} into {@code out} (Agrawal &amp; Goyal 2013), using
	 * the Cholesky factor of A: {@code θ̃ = θ + v L⁻ᵀ z}, z standard normal.
	 */
	public void sampleTheta(RandomGenerator random, double v, double[] out) {
		double[] z = this.gaussian;
		for (int i = 0; i < this.d; i++) {
			z[i] = random.nextGaussian();
		}
		this.gram.multiplyInverseCholeskyTranspose(z, this.deviation);
		double[] t = thetaView();
		for (int i = 0; i < this.d; i++) {
			out[i] = t[i] + v * this.deviation[i];
		}
	}

	/** A snapshot of the statistics (sums without {@code λI}). */
	public LinearStatistics statistics() {
		double[] a = this.gram.toArray();
		for (int i = 0; i < this.d; i++) {
			a[i * this.d + i] -= this.lambda;
		}
		return LinearStatistics.of(this.d, symmetric(a), this.b, this.count);
	}

	/** Replaces the state with the given statistics (for example read from the store). */
	public void restore(LinearStatistics statistics) {
		requireDimension(statistics);
		double[] a = statistics.a();
		for (int i = 0; i < this.d; i++) {
			a[i * this.d + i] += this.lambda;
		}
		this.gram = GramMatrix.of(this.d, a);
		System.arraycopy(statistics.bView(), 0, this.b, 0, this.d);
		this.count = statistics.count();
		this.thetaValid = false;
	}

	/**
	 * Adds statistics learned elsewhere (another worker's delta). Re-factorises lazily.
	 */
	public void merge(LinearStatistics delta) {
		requireDimension(delta);
		this.gram.add(delta.aView());
		double[] db = delta.bView();
		for (int i = 0; i < this.d; i++) {
			this.b[i] += db[i];
		}
		this.count += delta.count();
		this.thetaValid = false;
	}

	/**
	 * What this model learned through {@link #update} and {@link #remove} since the last
	 * call.
	 */
	public LinearStatistics drainDelta() {
		LinearStatistics delta = LinearStatistics.of(this.d, symmetric(this.pendingA.clone()), this.pendingB,
				Math.max(0, this.pendingCount));
		java.util.Arrays.fill(this.pendingA, 0.0);
		java.util.Arrays.fill(this.pendingB, 0.0);
		this.pendingCount = 0;
		return delta;
	}

	/** The dimension d. */
	public int dimension() {
		return this.d;
	}

	/** The regulariser λ. */
	public double lambda() {
		return this.lambda;
	}

	/** The number of observations learned (net of removals). */
	public long count() {
		return this.count;
	}

	/** The matrix {@code A = λI + Σ x xᵀ} with its maintained inverse, for reading. */
	public GramMatrix gram() {
		return this.gram;
	}

	private double[] thetaView() {
		if (!this.thetaValid) {
			this.gram.solve(this.b, this.theta);
			this.thetaValid = true;
		}
		return this.theta;
	}

	private void requireObservation(double[] x, double reward) {
		requireDimension(x);
		if (!Double.isFinite(reward)) {
			throw new IllegalArgumentException("reward must be finite, was " + reward);
		}
		for (double v : x) {
			if (!Double.isFinite(v)) {
				throw new IllegalArgumentException("features contain a non-finite value: " + v);
			}
		}
	}

	private void requireDimension(double[] x) {
		if (x.length != this.d) {
			throw new IllegalArgumentException("expected " + this.d + " features, got " + x.length);
		}
	}

	private void requireDimension(LinearStatistics statistics) {
		if (statistics.dimension() != this.d) {
			throw new IllegalArgumentException(
					"dimension mismatch: model of dimension " + this.d + ", statistics of " + statistics.dimension());
		}
	}

	private double[] symmetric(double[] a) {
		// Rank-1 updates are symmetric term by term, but be exact for the stored value.
		for (int i = 0; i < this.d; i++) {
			for (int j = 0; j < i; j++) {
				double m = 0.5 * (a[i * this.d + j] + a[j * this.d + i]);
				a[i * this.d + j] = m;
				a[j * this.d + i] = m;
			}
		}
		return a;
	}

}
