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
	 * Means {@code θᵀx_c} and widths {@code sqrt(x_cᵀ A⁻¹ x_c)} of n vectors, the inner
	 * loops over the vectors (which the JIT vectorises), using the symmetry of A⁻¹.
	 *
	 * <p>
	 * The features split three ways: those 0 in every vector add nothing; those of one
	 * value in every vector ({@code s}: the bias, the user's and the hour's entries of a
	 * request) are folded into terms computed once, {@code θ_sᵀs}, {@code sᵀA⁻¹_ss s} and
	 * {@code g = 2 A⁻¹_vs s}; only the others ({@code v}) are summed per vector:
	 * {@code x_cᵀA⁻¹x_c = sᵀA⁻¹_ss s + gᵀv_c + v_cᵀA⁻¹_vv v_c}, O(n·k²/2) for the k
	 * features that differ between vectors. The sums are the same as term by term up to
	 * rounding (about 1e-15 relative).
	 * @param xs the vectors, each of length d
	 * @param means filled with the means, at least {@code xs.length} entries
	 * @param widths filled with the widths, at least {@code xs.length} entries
	 */
	public void meansAndWidths(double[][] xs, double[] means, double[] widths) {
		int n = xs.length;
		int dim = this.d;
		for (double[] x : xs) {
			if (x.length != dim) {
				throw new IllegalArgumentException("expected " + dim + " features, got " + x.length);
			}
		}
		if (n == 0) {
			return;
		}
		// each feature: 0 in every vector (skipped), one value in every vector (shared)
		// or varying; only the varying ones are copied, transposed (one row of n per
		// feature), so a request whose vectors are mostly 0 or shared copies little
		int[] shared = new int[dim];
		int[] varying = new int[dim];
		int s = 0;
		int k = 0;
		double[] first = xs[0];
		for (int i = 0; i < dim; i++) {
			double value = first[i];
			boolean constant = true;
			for (int c = 1; c < n && constant; c++) {
				constant = xs[c][i] == value;
			}
			if (!constant) {
				varying[k++] = i;
			}
			else if (value != 0) {
				shared[s++] = i;
			}
		}
		// row a of xt: feature varying[a] of every vector
		double[] xt = new double[k * n];
		for (int c = 0; c < n; c++) {
			double[] x = xs[c];
			for (int a = 0; a < k; a++) {
				xt[a * n + c] = x[varying[a]];
			}
		}
		double[] inv = this.inverse;
		// the shared features' terms, once: θ_sᵀs, sᵀA⁻¹_ss s and g = 2 A⁻¹_vs s
		double sharedMean = 0;
		double sharedWidth = 0;
		for (int a = 0; a < s; a++) {
			int i = shared[a];
			double xi = first[i];
			sharedMean += this.theta[i] * xi;
			double row = 0;
			for (int b = 0; b < s; b++) {
				row += inv[i * dim + shared[b]] * first[shared[b]];
			}
			sharedWidth += xi * row;
		}
		double[] g = new double[k];
		for (int a = 0; a < k; a++) {
			int i = varying[a];
			double sum = 0;
			for (int b = 0; b < s; b++) {
				sum += inv[i * dim + shared[b]] * first[shared[b]];
			}
			g[a] = 2.0 * sum;
		}
		java.util.Arrays.fill(means, 0, n, sharedMean);
		java.util.Arrays.fill(widths, 0, n, sharedWidth);
		double[] scratch = new double[n];
		for (int a = 0; a < k; a++) {
			int i = varying[a];
			int rowI = a * n;
			double ti = this.theta[i];
			double diagonal = inv[i * dim + i];
			double gi = g[a];
			for (int c = 0; c < n; c++) {
				double xi = xt[rowI + c];
				means[c] += ti * xi;
				scratch[c] = diagonal * xi + gi;
			}
			// four columns per pass over the vectors: a quarter of the scratch's loads
			// and stores
			int b = a + 1;
			for (; b + 3 < k; b += 4) {
				double m0 = 2.0 * inv[i * dim + varying[b]];
				double m1 = 2.0 * inv[i * dim + varying[b + 1]];
				double m2 = 2.0 * inv[i * dim + varying[b + 2]];
				double m3 = 2.0 * inv[i * dim + varying[b + 3]];
				int row0 = b * n;
				int row1 = (b + 1) * n;
				int row2 = (b + 2) * n;
				int row3 = (b + 3) * n;
				for (int c = 0; c < n; c++) {
					double sc = scratch[c];
					sc += m0 * xt[row0 + c];
					sc += m1 * xt[row1 + c];
					sc += m2 * xt[row2 + c];
					sc += m3 * xt[row3 + c];
					scratch[c] = sc;
				}
			}
			for (; b < k; b++) {
				int j = varying[b];
				double m = 2.0 * inv[i * dim + j];
				int rowJ = b * n;
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
