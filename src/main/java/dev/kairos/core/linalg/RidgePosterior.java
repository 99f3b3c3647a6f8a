package dev.kairos.core.linalg;

import java.util.random.RandomGenerator;

/**
 * A ridge regression's posterior frozen at one version of its statistics: {@code θ =
 * A⁻¹ b}, {@code A⁻¹} and the Cholesky factor {@code L} of {@code A = λI + Σ x xᵀ},
 * computed once when it is made (O(d³)) and never changed after. Every read is therefore
 * safe from any number of threads without a lock, and allocates only what the caller's
 * arrays do not hold; this is what the request path scores with, while {@link RidgeModel}
 * (mutable, not thread-safe) is what learns.
 *
 * <p>
 * Scoring is LinUCB's (Li et al. 2010, Algorithm 1): the mean {@code θᵀx} and the width
 * {@code sqrt(xᵀ A⁻¹ x)}; sampling is linear Thompson sampling's (Agrawal &amp; Goyal
 * 2013): {@code θ̃ = θ + v L⁻ᵀ z}, z standard normal, distributed {@code N(θ, v² A⁻¹)}.
 */
public final class RidgePosterior {

	private final int d;

	private final double[] theta;

	private final double[] inverse;

	private final double[] choleskyLower;

	private final long count;

	private RidgePosterior(int d, double[] theta, double[] inverse, double[] choleskyLower, long count) {
		this.d = d;
		this.theta = theta;
		this.inverse = inverse;
		this.choleskyLower = choleskyLower;
		this.count = count;
	}

	/**
	 * The posterior of stored statistics under the prior precision λ.
	 * @param statistics the sums without λI
	 * @param lambda the ridge regulariser λ &gt; 0
	 */
	public static RidgePosterior of(LinearStatistics statistics, double lambda) {
		GramMatrix.requirePositive(lambda, "lambda");
		int d = statistics.dimension();
		double[] a = statistics.a();
		for (int i = 0; i < d; i++) {
			a[i * d + i] += lambda;
		}
		GramMatrix gram = GramMatrix.of(d, a);
		double[] theta = new double[d];
		gram.solve(statistics.b(), theta);
		double[] inverse = gram.inverseView().clone();
		return new RidgePosterior(d, theta, inverse, gram.choleskyLowerCopy(), statistics.count());
	}

	/** The prior alone: no observation. */
	public static RidgePosterior empty(int dimension, double lambda) {
		return of(LinearStatistics.empty(dimension), lambda);
	}

	/** The dimension d. */
	public int dimension() {
		return this.d;
	}

	/** How many observations the statistics held. */
	public long count() {
		return this.count;
	}

	/** A copy of θ. */
	public double[] theta() {
		return this.theta.clone();
	}

	/** Entry i of θ, without a copy. */
	public double theta(int i) {
		return this.theta[i];
	}

	/**
	 * Means {@code θᵀx_c} and widths {@code sqrt(x_cᵀ A⁻¹ x_c)} of n vectors: O(n·d²/2),
	 * the inner loops over the vectors (which the JIT vectorises), using the symmetry of
	 * A⁻¹.
	 * @param xs the vectors, each of length d
	 * @param means filled with the means, at least {@code xs.length} entries
	 * @param widths filled with the widths, at least {@code xs.length} entries
	 */
	public void meansAndWidths(double[][] xs, double[] means, double[] widths) {
		int n = xs.length;
		int dim = this.d;
		double[] xt = new double[dim * n];
		for (int c = 0; c < n; c++) {
			double[] x = xs[c];
			if (x.length != dim) {
				throw new IllegalArgumentException("expected " + dim + " features, got " + x.length);
			}
			for (int i = 0; i < dim; i++) {
				xt[i * n + c] = x[i];
			}
		}
		java.util.Arrays.fill(means, 0, n, 0.0);
		java.util.Arrays.fill(widths, 0, n, 0.0);
		// the features that are 0 for every candidate (a hashed bucket nothing fell in, a
		// signal this request lacks) add nothing to either sum: the quadratic form runs
		// over the others only, k²/2 instead of d²/2 per candidate
		int[] active = new int[dim];
		int k = 0;
		for (int i = 0; i < dim; i++) {
			int row = i * n;
			for (int c = 0; c < n; c++) {
				if (xt[row + c] != 0) {
					active[k++] = i;
					break;
				}
			}
		}
		double[] scratch = new double[n];
		double[] inv = this.inverse;
		for (int a = 0; a < k; a++) {
			int i = active[a];
			int rowI = i * n;
			double ti = this.theta[i];
			double diagonal = inv[i * dim + i];
			for (int c = 0; c < n; c++) {
				double xi = xt[rowI + c];
				means[c] += ti * xi;
				scratch[c] = diagonal * xi;
			}
			// four columns per pass over the candidates: a quarter of the scratch's loads
			// and stores, each sum still made one column at a time in the same order
			int b = a + 1;
			for (; b + 3 < k; b += 4) {
				double m0 = 2.0 * inv[i * dim + active[b]];
				double m1 = 2.0 * inv[i * dim + active[b + 1]];
				double m2 = 2.0 * inv[i * dim + active[b + 2]];
				double m3 = 2.0 * inv[i * dim + active[b + 3]];
				int row0 = active[b] * n;
				int row1 = active[b + 1] * n;
				int row2 = active[b + 2] * n;
				int row3 = active[b + 3] * n;
				for (int c = 0; c < n; c++) {
					double s = scratch[c];
					s += m0 * xt[row0 + c];
					s += m1 * xt[row1 + c];
					s += m2 * xt[row2 + c];
					s += m3 * xt[row3 + c];
					scratch[c] = s;
				}
			}
			for (; b < k; b++) {
				int j = active[b];
				double m = 2.0 * inv[i * dim + j];
				int rowJ = j * n;
				for (int c = 0; c < n; c++) {
					scratch[c] += m * xt[rowJ + c];
				}
			}
			for (int c = 0; c < n; c++) {
				widths[c] += xt[rowI + c] * scratch[c];
			}
		}
		for (int c = 0; c < n; c++) {
			widths[c] = Math.sqrt(Math.max(0.0, widths[c]));
		}
	}

	/** {@code A⁻¹ v}, a new array: O(d²). */
	public double[] inverseTimes(double[] v) {
		if (v.length != this.d) {
			throw new IllegalArgumentException("expected " + this.d + " entries, got " + v.length);
		}
		double[] out = new double[this.d];
		for (int i = 0; i < this.d; i++) {
			double s = 0;
			int row = i * this.d;
			for (int j = 0; j < this.d; j++) {
				s += this.inverse[row + j] * v[j];
			}
			out[i] = s;
		}
		return out;
	}

	/**
	 * A draw {@code θ̃ ~ N(θ, v² A⁻¹)}: {@code θ + v L⁻ᵀ z}, O(d²).
	 * @param random the source of the standard normal z
	 * @param v the posterior scale, ≥ 0
	 * @return a new array of length d
	 */
	public double[] sampleTheta(RandomGenerator random, double v) {
		int n = this.d;
		double[] z = new double[n];
		for (int i = 0; i < n; i++) {
			z[i] = random.nextGaussian();
		}
		double[] l = this.choleskyLower;
		double[] deviation = new double[n];
		// back substitution on Lᵀ deviation = z; Lᵀ(i, j) = L(j, i)
		for (int i = n - 1; i >= 0; i--) {
			double s = z[i];
			for (int j = i + 1; j < n; j++) {
				s -= l[j * n + i] * deviation[j];
			}
			deviation[i] = s / l[i * n + i];
		}
		double[] out = new double[n];
		for (int i = 0; i < n; i++) {
			out[i] = this.theta[i] + v * deviation[i];
		}
		return out;
	}

}
