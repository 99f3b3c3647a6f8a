package dev.kairos.core.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * A symmetric positive-definite d×d matrix {@code A} (typically {@code λI + Σ x xᵀ}) that
 * keeps its inverse up to date under rank-1 updates, so that no request ever inverts.
 *
 * <p>
 * The exact matrix {@code A} is always kept (it is the truth); the inverse is a cache:
 * <ul>
 * <li>{@link #addOuter(double[], double)} updates {@code A ← A + w x xᵀ} and the inverse
 * by the Sherman–Morrison formula {@code A⁻¹ ← A⁻¹ − w (A⁻¹x)(A⁻¹x)ᵀ / (1 + w xᵀA⁻¹x)} in
 * O(d²) (Sherman &amp; Morrison 1950; Golub &amp; Van Loan, <i>Matrix Computations</i>,
 * 4th ed., §2.1.4). A negative weight removes an earlier observation (sliding
 * windows).</li>
 * <li>Every {@code refactorInterval} rank-1 updates, and whenever the denominator is too
 * small to trust, the inverse is recomputed from the exact {@code A} by a Cholesky
 * factorisation (EJML), which bounds the drift of the Sherman–Morrison recurrence.</li>
 * <li>{@link #discount(double, double)} ({@code A ← γA + (1−γ)λI}, Russac, Vernade &amp;
 * Cappé 2019, Algorithm 1, line for {@code V_t}) and {@link #add(double[])} are not
 * rank-1: they update {@code A} exactly and mark the inverse stale; it is re-factorised
 * lazily, once, at the next read. Several discounts between two reads therefore cost one
 * factorisation.</li>
 * </ul>
 *
 * <p>
 * Matrices are stored row-major in plain {@code double[]}; inner loops are written as
 * {@code y += s·row} so that the JIT can vectorise them. Not thread-safe.
 */
public final class GramMatrix {

	/** Default number of rank-1 updates between two re-factorisations. */
	public static final int DEFAULT_REFACTOR_INTERVAL = 1024;

	private static final double MIN_DENOMINATOR = 1e-8;

	private final int d;

	private final double[] a;

	private final double[] inverse;

	private final double[] scratch;

	private final int refactorInterval;

	private boolean inverseValid;

	private int updatesSinceRefactor;

	private double[] choleskyLower;

	private LinearSolverDense<DMatrixRMaj> solver;

	private DMatrixRMaj work;

	private DMatrixRMaj workInverse;

	private GramMatrix(int d, double[] a, int refactorInterval) {
		if (d < 1) {
			throw new IllegalArgumentException("dimension must be at least 1, was " + d);
		}
		if (refactorInterval < 1) {
			throw new IllegalArgumentException("refactorInterval must be at least 1, was " + refactorInterval);
		}
		this.d = d;
		this.a = a;
		this.inverse = new double[d * d];
		this.scratch = new double[d];
		this.refactorInterval = refactorInterval;
	}

	/** {@code λI}, with its inverse {@code I/λ}. */
	public static GramMatrix identity(int d, double lambda) {
		return identity(d, lambda, DEFAULT_REFACTOR_INTERVAL);
	}

	/** {@code λI} with a chosen re-factorisation interval. */
	public static GramMatrix identity(int d, double lambda, int refactorInterval) {
		requirePositive(lambda, "lambda");
		GramMatrix m = new GramMatrix(d, new double[d * d], refactorInterval);
		for (int i = 0; i < d; i++) {
			m.a[i * d + i] = lambda;
			m.inverse[i * d + i] = 1.0 / lambda;
		}
		m.inverseValid = true;
		return m;
	}

	/**
	 * A copy of the given row-major symmetric positive-definite matrix; the inverse is
	 * computed at the first read.
	 */
	public static GramMatrix of(int d, double[] rowMajor) {
		if (rowMajor.length != d * d) {
			throw new IllegalArgumentException("expected " + d * d + " entries, got " + rowMajor.length);
		}
		requireFinite(rowMajor, "matrix");
		return new GramMatrix(d, rowMajor.clone(), DEFAULT_REFACTOR_INTERVAL);
	}

	/** The dimension d. */
	public int dimension() {
		return this.d;
	}

	/**
	 * {@code A ← A + w x xᵀ}, and the inverse by Sherman–Morrison when it is current.
	 * @param x the vector, length d, finite (not checked here: callers validate inputs)
	 * @param w the weight; negative to remove an earlier {@code x}
	 */
	public void addOuter(double[] x, double w) {
		int n = this.d;
		double[] m = this.a;
		for (int i = 0; i < n; i++) {
			double s = w * x[i];
			int row = i * n;
			for (int j = 0; j < n; j++) {
				m[row + j] += s * x[j];
			}
		}
		this.choleskyLower = null;
		if (!this.inverseValid) {
			return;
		}
		if (++this.updatesSinceRefactor >= this.refactorInterval) {
			this.inverseValid = false;
			return;
		}
		double[] u = this.scratch;
		multiplyInverse(x, u);
		double denominator = 1.0 + w * dot(x, u, n);
		if (!(denominator > MIN_DENOMINATOR)) {
			// Near-singular downdate: do not trust the recurrence, re-factorise from A.
			this.inverseValid = false;
			return;
		}
		double c = w / denominator;
		double[] inv = this.inverse;
		for (int i = 0; i < n; i++) {
			double s = c * u[i];
			int row = i * n;
			for (int j = 0; j < n; j++) {
				inv[row + j] -= s * u[j];
			}
		}
	}

	/**
	 * {@code A ← γA + (1−γ)λI}: exponential forgetting that keeps the regulariser at
	 * {@code λI} (Russac et al. 2019). The inverse is re-factorised lazily.
	 */
	public void discount(double gamma, double lambda) {
		if (!(gamma > 0 && gamma <= 1)) {
			throw new IllegalArgumentException("gamma must be in (0, 1], was " + gamma);
		}
		requirePositive(lambda, "lambda");
		if (gamma == 1.0) {
			return;
		}
		int n = this.d;
		for (int i = 0; i < this.a.length; i++) {
			this.a[i] *= gamma;
		}
		double shift = (1.0 - gamma) * lambda;
		for (int i = 0; i < n; i++) {
			this.a[i * n + i] += shift;
		}
		invalidate();
	}

	/**
	 * {@code A ← A + Δ} for a symmetric row-major Δ (merging statistics). Re-factorised
	 * lazily.
	 */
	public void add(double[] delta) {
		if (delta.length != this.a.length) {
			throw new IllegalArgumentException("expected " + this.a.length + " entries, got " + delta.length);
		}
		for (int i = 0; i < delta.length; i++) {
			this.a[i] += delta[i];
		}
		invalidate();
	}

	/** {@code out = A⁻¹ b}. */
	public void solve(double[] b, double[] out) {
		ensureInverse();
		multiplyInverse(b, out);
	}

	/** {@code xᵀ A⁻¹ x}, the squared confidence width of x. */
	public double inverseQuadraticForm(double[] x) {
		ensureInverse();
		double[] u = this.scratch;
		multiplyInverse(x, u);
		return dot(x, u, this.d);
	}

	/**
	 * {@code out[c] = x_cᵀ A⁻¹ x_c} for n vectors stored transposed ({@code xt[i·n + c]}
	 * is entry i of vector c). Uses the symmetry of A⁻¹ ({@code d(d+1)/2} terms) and
	 * inner loops over the n vectors, which the JIT vectorises: this is the batch path
	 * for scoring many candidates.
	 * @param xt the vectors, transposed, at least d·n entries
	 * @param n the number of vectors
	 * @param out the quadratic forms, at least n entries
	 * @param scratch at least n entries, overwritten
	 */
	public void inverseQuadraticForms(double[] xt, int n, double[] out, double[] scratch) {
		ensureInverse();
		int dim = this.d;
		double[] inv = this.inverse;
		java.util.Arrays.fill(out, 0, n, 0.0);
		for (int i = 0; i < dim; i++) {
			int rowI = i * n;
			double diagonal = inv[i * dim + i];
			// t = M_ii x_i + Σ_{j>i} 2 M_ij x_j, then out += x_i ∘ t
			for (int c = 0; c < n; c++) {
				scratch[c] = diagonal * xt[rowI + c];
			}
			for (int j = i + 1; j < dim; j++) {
				double m = 2.0 * inv[i * dim + j];
				int rowJ = j * n;
				for (int c = 0; c < n; c++) {
					scratch[c] += m * xt[rowJ + c];
				}
			}
			for (int c = 0; c < n; c++) {
				out[c] += xt[rowI + c] * scratch[c];
			}
		}
	}

	/**
	 * The inverse, row-major, for read-only use in tight loops (for example scoring many
	 * candidates). Valid until the next change of this matrix; do not modify.
	 */
	public double[] inverseView() {
		ensureInverse();
		return this.inverse;
	}

	/** A copy of the exact matrix A, row-major. */
	public double[] toArray() {
		return this.a.clone();
	}

	/** Entry (i, j) of the exact matrix A. */
	public double get(int i, int j) {
		return this.a[i * this.d + j];
	}

	/**
	 * {@code out = L⁻ᵀ z} where {@code A = L Lᵀ}: if z is standard normal, out is normal
	 * with covariance {@code A⁻¹}. Used to sample from Gaussian posteriors (linear
	 * Thompson sampling) in O(d²) once the factor is cached (O(d³) after each change of
	 * A).
	 */
	public void multiplyInverseCholeskyTranspose(double[] z, double[] out) {
		double[] l = choleskyLower();
		int n = this.d;
		// back substitution on Lᵀ out = z; Lᵀ(i, j) = L(j, i)
		for (int i = n - 1; i >= 0; i--) {
			double s = z[i];
			for (int j = i + 1; j < n; j++) {
				s -= l[j * n + i] * out[j];
			}
			out[i] = s / l[i * n + i];
		}
	}

	/** Recomputes the inverse from the exact A now (normally done automatically). */
	public void refactor() {
		if (this.solver == null) {
			this.solver = LinearSolverFactory_DDRM.symmPosDef(this.d);
			this.work = new DMatrixRMaj(this.d, this.d);
			this.workInverse = new DMatrixRMaj(this.d, this.d);
		}
		System.arraycopy(this.a, 0, this.work.data, 0, this.a.length);
		if (!this.solver.setA(this.work)) {
			throw new IllegalStateException("matrix is not positive definite");
		}
		this.solver.invert(this.workInverse);
		double[] inv = this.workInverse.data;
		int n = this.d;
		// symmetrise: the truth is symmetric, rounding is not
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < n; j++) {
				this.inverse[i * n + j] = 0.5 * (inv[i * n + j] + inv[j * n + i]);
			}
		}
		this.inverseValid = true;
		this.updatesSinceRefactor = 0;
	}

	/** A deep copy. */
	public GramMatrix copy() {
		GramMatrix c = new GramMatrix(this.d, this.a.clone(), this.refactorInterval);
		if (this.inverseValid) {
			System.arraycopy(this.inverse, 0, c.inverse, 0, this.inverse.length);
			c.inverseValid = true;
			c.updatesSinceRefactor = this.updatesSinceRefactor;
		}
		return c;
	}

	private void invalidate() {
		this.inverseValid = false;
		this.choleskyLower = null;
	}

	private void ensureInverse() {
		if (!this.inverseValid) {
			refactor();
		}
	}

	/** A copy of the lower Cholesky factor L of A ({@code A = L Lᵀ}), row-major. */
	double[] choleskyLowerCopy() {
		return choleskyLower().clone();
	}

	private double[] choleskyLower() {
		if (this.choleskyLower == null) {
			int n = this.d;
			double[] l = new double[n * n];
			// Cholesky–Banachiewicz on the exact A
			for (int i = 0; i < n; i++) {
				for (int j = 0; j <= i; j++) {
					double s = this.a[i * n + j];
					for (int k = 0; k < j; k++) {
						s -= l[i * n + k] * l[j * n + k];
					}
					if (i == j) {
						if (!(s > 0)) {
							throw new IllegalStateException("matrix is not positive definite");
						}
						l[i * n + i] = Math.sqrt(s);
					}
					else {
						l[i * n + j] = s / l[j * n + j];
					}
				}
			}
			this.choleskyLower = l;
		}
		return this.choleskyLower;
	}

	private void multiplyInverse(double[] x, double[] out) {
		int n = this.d;
		double[] inv = this.inverse;
		java.util.Arrays.fill(out, 0, n, 0.0);
		// out += x_i · row_i (A⁻¹ is symmetric, so rows equal columns): vectorisable axpy
		for (int i = 0; i < n; i++) {
			double s = x[i];
			int row = i * n;
			for (int j = 0; j < n; j++) {
				out[j] += s * inv[row + j];
			}
		}
	}

	static double dot(double[] x, double[] y, int n) {
		double s = 0;
		for (int i = 0; i < n; i++) {
			s += x[i] * y[i];
		}
		return s;
	}

	static void requirePositive(double value, String name) {
		if (!(value > 0) || !Double.isFinite(value)) {
			throw new IllegalArgumentException(name + " must be positive and finite, was " + value);
		}
	}

	static void requireFinite(double[] values, String name) {
		for (double v : values) {
			if (!Double.isFinite(v)) {
				throw new IllegalArgumentException(name + " contains a non-finite value: " + v);
			}
		}
	}

}
