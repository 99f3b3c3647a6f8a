package dev.kairos.core.ranking;

import java.util.Map;
import java.util.TreeMap;

import dev.kairos.core.learn.MurmurHash3;

/**
 * Named features already hashed into {@link FeatureVector}'s buckets: each feature's
 * entry and signed value, in the order of their names, so that adding them to a vector
 * sums each bucket in the same order as hashing the names one by one would. An item's
 * content features ({@code attr:…}, {@code tag:…}) are made once per item
 * ({@link ItemDescription}), a request's context features ({@code context.…}) once per
 * request and category; since {@code "attr:" < "context." < "tag:"}, a vector's features
 * in name order are the item's first {@link #split} ones, the context's, then the item's
 * others.
 */
final class HashedContent {

	/** No feature. */
	static final HashedContent NONE = new HashedContent(new int[0], new double[0], 0);

	/** The first name a request's context features can take. */
	private static final String CONTEXT_PREFIX = "context.";

	private final int[] entries;

	private final double[] values;

	/** How many of the features sort before every context feature. */
	private final int split;

	private HashedContent(int[] entries, double[] values, int split) {
		this.entries = entries;
		this.values = values;
		this.split = split;
	}

	/** An item's content features. */
	static HashedContent of(ItemDescription description) {
		if (description.isEmpty()) {
			return NONE;
		}
		Map<String, Double> features = new TreeMap<>();
		FeatureVector.contentFeatures(description, features);
		return of(features);
	}

	/** A request's context features for a candidate of one category. */
	static HashedContent ofContext(Map<String, String> context, String category) {
		if (context.isEmpty()) {
			return NONE;
		}
		Map<String, Double> features = new TreeMap<>();
		FeatureVector.contextFeatures(context, category, features);
		return of(features);
	}

	private static HashedContent of(Map<String, Double> sorted) {
		int[] entries = new int[sorted.size()];
		double[] values = new double[sorted.size()];
		int split = 0;
		int k = 0;
		for (Map.Entry<String, Double> f : sorted.entrySet()) {
			int h = MurmurHash3.hash32(f.getKey(), FeatureVector.SCHEMA_VERSION);
			entries[k] = FeatureVector.HASHED_OFFSET + Math.floorMod(h, FeatureVector.HASHED_BUCKETS);
			values[k] = (h < 0 ? -1 : 1) * f.getValue();
			if (f.getKey().compareTo(CONTEXT_PREFIX) < 0) {
				split = k + 1;
			}
			k++;
		}
		return new HashedContent(entries, values, split);
	}

	/** Adds the features that sort before the context's to {@code x}. */
	void addFirst(double[] x) {
		for (int k = 0; k < this.split; k++) {
			x[this.entries[k]] += this.values[k];
		}
	}

	/** Adds the features that sort after the context's to {@code x}. */
	void addRest(double[] x) {
		for (int k = this.split; k < this.entries.length; k++) {
			x[this.entries[k]] += this.values[k];
		}
	}

	/** Adds every feature to {@code x}. */
	void addAll(double[] x) {
		for (int k = 0; k < this.entries.length; k++) {
			x[this.entries[k]] += this.values[k];
		}
	}

}
