package dev.kairos.core.linalg;

import java.util.Arrays;

/**
 * The additive sufficient statistics of a linear (ridge) reward model:
 * {@code A = Σ x xᵀ}, {@code b = Σ r x} and the number of observations, for one dimension
 * d.
 *
 * <p>
 * The regulariser {@code λI} is not included: it belongs to the model, so statistics from
 * several workers (or several batches) add up exactly with
 * {@link #plus(LinearStatistics)}, and the statistics of a concatenated stream equal the
 * sum of the statistics of its parts. This is what lets workers apply deltas to a store
 * (for example Redis {@code HINCRBYFLOAT}) without lost updates. Discounted models store
 * discounted sums, which stay additive among deltas discounted to the same time.
 *
 * <p>
 * Immutable. The dimension is part of the value: combining statistics of different
 * dimensions throws {@link IllegalArgumentException}, never mixes.
 */
public final class LinearStatistics {

	private final int dimension;

	private final double[] a;

	private final double[] b;

	private final long count;

	private LinearStatistics(int dimension, double[] a, double[] b, long count) {
		this.dimension = dimension;
		this.a = a;
		this.b = b;
		this.count = count;
	}

	/** No observations in dimension d. */
	public static LinearStatistics empty(int dimension) {
		if (dimension < 1) {
			throw new IllegalArgumentException("dimension must be at least 1, was " + dimension);
		}
		return new LinearStatistics(dimension, new double[dimension * dimension], new double[dimension], 0);
	}

	/**
	 * Statistics from stored values (copied and checked).
	 * @param dimension d
	 * @param a {@code Σ x xᵀ}, row-major d×d, symmetric
	 * @param b {@code Σ r x}, length d
	 * @param count number of observations, not negative
	 */
	public static LinearStatistics of(int dimension, double[] a, double[] b, long count) {
		if (dimension < 1) {
			throw new IllegalArgumentException("dimension must be at least 1, was " + dimension);
		}
		if (a.length != dimension * dimension || b.length != dimension) {
			throw new IllegalArgumentException("statistics of dimension " + dimension + " need " + dimension * dimension
					+ " entries in A and " + dimension + " in b, got " + a.length + " and " + b.length);
		}
		if (count < 0) {
			throw new IllegalArgumentException("count must not be negative, was " + count);
		}
		GramMatrix.requireFinite(a, "A");
		GramMatrix.requireFinite(b, "b");
		for (int i = 0; i < dimension; i++) {
			for (int j = 0; j < i; j++) {
				if (a[i * dimension + j] != a[j * dimension + i]) {
					throw new IllegalArgumentException("A is not symmetric at (" + i + ", " + j + ")");
				}
			}
		}
		return new LinearStatistics(dimension, a.clone(), b.clone(), count);
	}

	/** The statistics of one observation: {@code A = x xᵀ}, {@code b = r x}, count 1. */
	public static LinearStatistics observation(double[] x, double reward) {
		GramMatrix.requireFinite(x, "features");
		if (!Double.isFinite(reward)) {
			throw new IllegalArgumentException("reward must be finite, was " + reward);
		}
		int d = x.length;
		LinearStatistics s = empty(d);
		for (int i = 0; i < d; i++) {
			for (int j = 0; j < d; j++) {
				s.a[i * d + j] = x[i] * x[j];
			}
			s.b[i] = reward * x[i];
		}
		return new LinearStatistics(d, s.a, s.b, 1);
	}

	/**
	 * The number of entries of {@link #toPacked()} for dimension d:
	 * {@code 1 + d + d(d+1)/2}.
	 */
	public static int packedLength(int dimension) {
		return 1 + dimension + dimension * (dimension + 1) / 2;
	}

	/**
	 * A flat form for storage: {@code [count, b_0..b_{d−1}, A_ij for i ≤ j row by row]}.
	 * Every entry is additive, so a store can apply a delta entry by entry (for example
	 * one {@code HINCRBYFLOAT} per field, or a Lua script over a list). The dimension is
	 * not inside: store it beside the vector (key or field) and pass it to
	 * {@link #fromPacked(int, double[])}, which rejects a vector of another dimension.
	 */
	public double[] toPacked() {
		int d = this.dimension;
		double[] packed = new double[packedLength(d)];
		packed[0] = this.count;
		System.arraycopy(this.b, 0, packed, 1, d);
		int p = 1 + d;
		for (int i = 0; i < d; i++) {
			for (int j = i; j < d; j++) {
				packed[p++] = this.a[i * d + j];
			}
		}
		return packed;
	}

	/**
	 * Statistics from {@link #toPacked()}.
	 * @param dimension the dimension the caller expects (recorded beside the stored
	 * vector)
	 * @param packed the stored vector
	 * @throws IllegalArgumentException if the length does not match the dimension, or an
	 * entry is not finite
	 */
	public static LinearStatistics fromPacked(int dimension, double[] packed) {
		if (dimension < 1 || packed.length != packedLength(dimension)) {
			throw new IllegalArgumentException("packed statistics of dimension " + dimension + " need "
					+ packedLength(Math.max(dimension, 0)) + " entries, got " + packed.length);
		}
		GramMatrix.requireFinite(packed, "packed statistics");
		double count = packed[0];
		if (count < 0 || count != Math.rint(count)) {
			throw new IllegalArgumentException("count must be a whole number, not negative, was " + count);
		}
		int d = dimension;
		double[] a = new double[d * d];
		double[] b = new double[d];
		System.arraycopy(packed, 1, b, 0, d);
		int p = 1 + d;
		for (int i = 0; i < d; i++) {
			for (int j = i; j < d; j++) {
				a[i * d + j] = packed[p];
				a[j * d + i] = packed[p];
				p++;
			}
		}
		return new LinearStatistics(d, a, b, (long) count);
	}

	/** The sum of these statistics and {@code delta}. */
	public LinearStatistics plus(LinearStatistics delta) {
		requireSameDimension(delta);
		double[] sumA = this.a.clone();
		double[] sumB = this.b.clone();
		for (int i = 0; i < sumA.length; i++) {
			sumA[i] += delta.a[i];
		}
		for (int i = 0; i < sumB.length; i++) {
			sumB[i] += delta.b[i];
		}
		return new LinearStatistics(this.dimension, sumA, sumB, this.count + delta.count);
	}

	/** The statistics of two disjoint streams together. */
	public static LinearStatistics merge(LinearStatistics first, LinearStatistics second) {
		return first.plus(second);
	}

	/**
	 * These statistics with A and b multiplied by {@code gamma} (exponential forgetting).
	 */
	public LinearStatistics discounted(double gamma) {
		if (!(gamma > 0 && gamma <= 1)) {
			throw new IllegalArgumentException("gamma must be in (0, 1], was " + gamma);
		}
		double[] da = this.a.clone();
		double[] db = this.b.clone();
		for (int i = 0; i < da.length; i++) {
			da[i] *= gamma;
		}
		for (int i = 0; i < db.length; i++) {
			db[i] *= gamma;
		}
		return new LinearStatistics(this.dimension, da, db, this.count);
	}

	/**
	 * Throws {@link IllegalArgumentException} unless {@code other} has the same
	 * dimension.
	 */
	public void requireSameDimension(LinearStatistics other) {
		if (other.dimension != this.dimension) {
			throw new IllegalArgumentException(
					"dimension mismatch: statistics of dimension " + this.dimension + " and " + other.dimension);
		}
	}

	/** The dimension d. */
	public int dimension() {
		return this.dimension;
	}

	/** A copy of {@code A = Σ x xᵀ}, row-major d×d. */
	public double[] a() {
		return this.a.clone();
	}

	/** A copy of {@code b = Σ r x}. */
	public double[] b() {
		return this.b.clone();
	}

	/** The number of observations. */
	public long count() {
		return this.count;
	}

	/** True when no observation has been added. */
	public boolean isEmpty() {
		return this.count == 0;
	}

	// package-private views for the models in this package (no copies on hot paths)
	double[] aView() {
		return this.a;
	}

	double[] bView() {
		return this.b;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof LinearStatistics other && this.dimension == other.dimension && this.count == other.count
				&& Arrays.equals(this.a, other.a) && Arrays.equals(this.b, other.b);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * Long.hashCode(this.count) + Arrays.hashCode(this.b)) + Arrays.hashCode(this.a);
	}

	@Override
	public String toString() {
		return "LinearStatistics[dimension=" + this.dimension + ", count=" + this.count + "]";
	}

}
