package dev.kairos.core.learn;

import java.util.Arrays;

/**
 * A sparse feature vector: strictly increasing indices and their finite values.
 *
 * <p>
 * Instances are immutable; the factory methods copy their arguments, merge duplicate
 * indices by summing (hash collisions) and drop zeros, so learners can rely on one entry
 * per coordinate.
 */
public final class SparseVector {

	private static final SparseVector EMPTY = new SparseVector(new int[0], new double[0]);

	private final int[] indices;

	private final double[] values;

	private SparseVector(int[] indices, double[] values) {
		this.indices = indices;
		this.values = values;
	}

	/** The vector with no entries. */
	public static SparseVector empty() {
		return EMPTY;
	}

	/**
	 * A vector from parallel arrays, in any order, duplicates summed.
	 * @throws IllegalArgumentException if the lengths differ, an index is negative or a
	 * value is not finite
	 */
	public static SparseVector of(int[] indices, double[] values) {
		if (indices.length != values.length) {
			throw new IllegalArgumentException(
					"indices and values differ in length: " + indices.length + " != " + values.length);
		}
		int n = indices.length;
		long[] order = new long[n];
		for (int i = 0; i < n; i++) {
			if (indices[i] < 0) {
				throw new IllegalArgumentException("negative index " + indices[i]);
			}
			if (!Double.isFinite(values[i])) {
				throw new IllegalArgumentException("non-finite value at index " + indices[i] + ": " + values[i]);
			}
			// sort (index, position) pairs so equal indices sum in input order,
			// reproducibly
			order[i] = ((long) indices[i] << 32) | i;
		}
		Arrays.sort(order);
		int[] outIndices = new int[n];
		double[] outValues = new double[n];
		int size = 0;
		for (int k = 0; k < n; k++) {
			int index = (int) (order[k] >>> 32);
			double value = values[(int) order[k]];
			if (size > 0 && outIndices[size - 1] == index) {
				outValues[size - 1] += value;
			}
			else {
				outIndices[size] = index;
				outValues[size] = value;
				size++;
			}
		}
		int kept = 0;
		for (int k = 0; k < size; k++) {
			if (outValues[k] != 0.0) {
				outIndices[kept] = outIndices[k];
				outValues[kept] = outValues[k];
				kept++;
			}
		}
		return new SparseVector(Arrays.copyOf(outIndices, kept), Arrays.copyOf(outValues, kept));
	}

	/** Number of stored (non-zero) entries. */
	public int size() {
		return this.indices.length;
	}

	/** The index of entry {@code k}, increasing in {@code k}. */
	public int index(int k) {
		return this.indices[k];
	}

	/** The value of entry {@code k}. */
	public double value(int k) {
		return this.values[k];
	}

	/** The largest index plus one, or 0 when empty. */
	public int minimumDimension() {
		return (this.indices.length == 0) ? 0 : this.indices[this.indices.length - 1] + 1;
	}

	/**
	 * The dot product with a dense weight vector at least {@link #minimumDimension()}
	 * long.
	 */
	public double dot(double[] weights) {
		double sum = 0.0;
		for (int k = 0; k < this.indices.length; k++) {
			sum += weights[this.indices[k]] * this.values[k];
		}
		return sum;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof SparseVector that) && Arrays.equals(this.indices, that.indices)
				&& Arrays.equals(this.values, that.values);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.indices) + Arrays.hashCode(this.values);
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("{");
		for (int k = 0; k < this.indices.length; k++) {
			text.append((k > 0) ? ", " : "").append(this.indices[k]).append(':').append(this.values[k]);
		}
		return text.append('}').toString();
	}

}
