package dev.kairos.core.learn;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * The hashing trick with signed hashing (Weinberger et al., "Feature Hashing for Large
 * Scale Multitask Learning", ICML 2009): a feature name goes to bucket
 * {@code h & (2^bits - 1)} with sign {@code +1} if the top bit of {@code h} is clear and
 * {@code -1} otherwise, where {@code h} is {@link MurmurHash3#hash32(String, int)} of the
 * name. The sign makes collisions cancel in expectation rather than add up.
 *
 * <p>
 * Deviation: when {@code bias} is on, a constant feature of value 1 is placed in its own
 * coordinate {@code 2^bits} (never hashed, never colliding), so the dimension is
 * {@code 2^bits + 1}.
 *
 * <p>
 * Stateless and thread-safe. The hash, seed and bit count are part of the model's feature
 * schema: change any of them and stored weights mean nothing.
 */
public final class FeatureHasher {

	/**
	 * Largest supported bit count: 2^26 coordinates, 512 MiB of doubles per weight array.
	 */
	public static final int MAX_BITS = 26;

	private final int bits;

	private final int seed;

	private final boolean bias;

	private final int mask;

	/**
	 * @param bits log2 of the number of hashed buckets, 1 to {@link #MAX_BITS}
	 * @param seed the MurmurHash3 seed
	 * @param bias whether to add a constant intercept feature at index {@code 2^bits}
	 */
	public FeatureHasher(int bits, int seed, boolean bias) {
		if (bits < 1 || bits > MAX_BITS) {
			throw new IllegalArgumentException("bits must be in [1, " + MAX_BITS + "]: " + bits);
		}
		this.bits = bits;
		this.seed = seed;
		this.bias = bias;
		this.mask = (1 << bits) - 1;
	}

	/** The number of coordinates of every vector this hasher produces. */
	public int dimension() {
		return (1 << this.bits) + (this.bias ? 1 : 0);
	}

	/** The log2 of the number of hashed buckets. */
	public int bits() {
		return this.bits;
	}

	/** The index of the bias coordinate, or -1 when there is none. */
	public int biasIndex() {
		return this.bias ? (1 << this.bits) : -1;
	}

	/** The bucket of a feature name. */
	public int index(String name) {
		return MurmurHash3.hash32(name, this.seed) & this.mask;
	}

	/** The sign (+1 or -1) a feature name's value is multiplied by. */
	public int sign(String name) {
		return (MurmurHash3.hash32(name, this.seed) < 0) ? -1 : 1;
	}

	/**
	 * Hashes named numeric features.
	 * @throws IllegalArgumentException if a value is null or not finite
	 */
	public SparseVector hash(Map<String, ? extends Number> features) {
		int n = features.size() + (this.bias ? 1 : 0);
		int[] indices = new int[n];
		double[] values = new double[n];
		int k = 0;
		for (Map.Entry<String, ? extends Number> feature : features.entrySet()) {
			String name = Objects.requireNonNull(feature.getKey(), "feature name");
			Number value = feature.getValue();
			if (value == null) {
				throw new IllegalArgumentException("null value for feature " + name);
			}
			int h = MurmurHash3.hash32(name, this.seed);
			indices[k] = h & this.mask;
			values[k] = (h < 0) ? -value.doubleValue() : value.doubleValue();
			k++;
		}
		addBias(indices, values, k);
		return SparseVector.of(indices, values);
	}

	/** Hashes indicator features, each of value 1 (such as {@code "category=news"}). */
	public SparseVector hash(Collection<String> names) {
		int n = names.size() + (this.bias ? 1 : 0);
		int[] indices = new int[n];
		double[] values = new double[n];
		int k = 0;
		for (String name : names) {
			int h = MurmurHash3.hash32(Objects.requireNonNull(name, "feature name"), this.seed);
			indices[k] = h & this.mask;
			values[k] = (h < 0) ? -1.0 : 1.0;
			k++;
		}
		addBias(indices, values, k);
		return SparseVector.of(indices, values);
	}

	private void addBias(int[] indices, double[] values, int k) {
		if (this.bias) {
			indices[k] = 1 << this.bits;
			values[k] = 1.0;
		}
	}

}
