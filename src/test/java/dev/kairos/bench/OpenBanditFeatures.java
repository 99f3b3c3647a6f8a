package dev.kairos.bench;

/**
 * The feature map from an Open Bandit Dataset row and an item to one candidate's context
 * vector x of length {@link #DIMENSION} = 24.
 *
 * <pre>
 *  index   meaning                                                      part
 *  0..11   user_feature_0..3 hashed: bucket floorMod(("u" + j + "=" + value).hashCode(), 12) += 1   shared
 *  12..14  position one-hot (slot 1, 2, 3)                                                          shared
 *  15      bias, always 1                                                                           shared
 *  16..21  item_feature_1..3 hashed: bucket floorMod(("i" + j + "=" + value).hashCode(), 6) += 1    item
 *  22      item_feature_0 (numeric, standardised by the dataset authors)                            item
 *  23      user-item_affinity_{item} of this row (0 for over 99.8% of rows)                         item
 * </pre>
 *
 * <p>
 * The first {@link #SHARED_LENGTH} entries are the same for every candidate of a round
 * (the user and the slot); the rest describe the item and its affinity to the user.
 * Hashing keeps the dimension fixed and small (the user features have about 3, 5, 9 and 9
 * values; the item categoricals a handful each), at the cost of some collisions.
 * {@link String#hashCode()} is specified by the Java language, so the map is the same on
 * every JVM.
 */
final class OpenBanditFeatures {

	static final int USER_BUCKETS = 12;

	static final int POSITIONS = 3;

	static final int ITEM_BUCKETS = 6;

	static final int POSITION_OFFSET = USER_BUCKETS;

	static final int BIAS_INDEX = POSITION_OFFSET + POSITIONS;

	static final int SHARED_LENGTH = BIAS_INDEX + 1;

	static final int ITEM_OFFSET = SHARED_LENGTH;

	static final int ITEM_NUMERIC_INDEX = ITEM_OFFSET + ITEM_BUCKETS;

	static final int AFFINITY_INDEX = ITEM_NUMERIC_INDEX + 1;

	static final int DIMENSION = AFFINITY_INDEX + 1;

	private OpenBanditFeatures() {
	}

	/** The shared part: hashed user features, position one-hot, bias. */
	static double[] shared(String[] userFeatures, int position) {
		double[] shared = new double[SHARED_LENGTH];
		for (int j = 0; j < userFeatures.length; j++) {
			shared[Math.floorMod(("u" + j + "=" + userFeatures[j]).hashCode(), USER_BUCKETS)] += 1;
		}
		if (position >= 1 && position <= POSITIONS) {
			shared[POSITION_OFFSET + position - 1] = 1;
		}
		shared[BIAS_INDEX] = 1;
		return shared;
	}

	/**
	 * The item part without affinity: hashed item categoricals and the numeric feature.
	 */
	static double[] item(double numericFeature, String[] categoricalFeatures) {
		double[] item = new double[DIMENSION - ITEM_OFFSET];
		for (int j = 0; j < categoricalFeatures.length; j++) {
			item[Math.floorMod(("i" + (j + 1) + "=" + categoricalFeatures[j]).hashCode(), ITEM_BUCKETS)] += 1;
		}
		item[ITEM_NUMERIC_INDEX - ITEM_OFFSET] = numericFeature;
		return item;
	}

	/**
	 * A candidate's full vector: shared part, item part, and the user's affinity to the
	 * item.
	 */
	static double[] candidate(double[] shared, double[] item, double affinity) {
		double[] features = new double[DIMENSION];
		System.arraycopy(shared, 0, features, 0, SHARED_LENGTH);
		System.arraycopy(item, 0, features, ITEM_OFFSET, item.length);
		features[AFFINITY_INDEX] = affinity;
		return features;
	}

}
