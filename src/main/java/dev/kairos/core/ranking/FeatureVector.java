package dev.kairos.core.ranking;

import java.util.List;

/**
 * The context vector x of a (user, item, time) triple, schema version
 * {@value #SCHEMA_VERSION}, dimension {@value #DIMENSION}: what the linear policies
 * score.
 *
 * <p>
 * Every entry lies in [-1, 1]. Popularity, trending and interest are log-scaled against
 * their largest value among the candidates (with a floor, as in {@link PopularityBlend}),
 * so one request's vectors are comparable whatever the traffic level. The layout:
 *
 * <pre>
 *  0 bias                     11 user click-through rate      22-29 category, hashed one-hot (8)
 *  1 popularity               12 sin(2π hour/24)              30 clock × trending
 *  2 trending                 13 cos(2π hour/24)              31 interest × item CTR
 *  3 item click-through rate  14 interest × user clock
 *  4 user's category interest 15 user clock × popularity
 *  5 user's clock at the hour 16 user clock × new item
 *  6 global clock at the hour 17-20 hour block one-hot (0-6, 6-12, 12-18, 18-24)
 *  7 new item                 21 user clock × item CTR
 *  8 freshness exp(-age / 7 d)
 *  9 user known
 * 10 user activity ln(1+events)/ln(1001), capped at 1
 * </pre>
 *
 * Changing the layout changes {@link #SCHEMA_VERSION}; stored models record it and a
 * mismatch starts a new model rather than mixing the two.
 */
public final class FeatureVector {

	/** The length of every vector. */
	public static final int DIMENSION = 32;

	/** The version of this layout. */
	public static final int SCHEMA_VERSION = 1;

	/**
	 * The name of each entry, in order: what {@code explain=true} calls the features.
	 * Defined here, beside the layout, so the two cannot drift apart.
	 */
	public static final List<String> NAMES = List.of("bias", "popularity", "trending", "item-rate", "category-interest",
			"user-clock", "global-clock", "new-item", "freshness", "user-known", "user-activity", "user-rate",
			"hour-sin", "hour-cos", "interest-x-user-clock", "user-clock-x-popularity", "user-clock-x-new-item",
			"hours-0-6", "hours-6-12", "hours-12-18", "hours-18-24", "user-clock-x-item-rate", "category-bucket-0",
			"category-bucket-1", "category-bucket-2", "category-bucket-3", "category-bucket-4", "category-bucket-5",
			"category-bucket-6", "category-bucket-7", "user-clock-x-trending", "interest-x-item-rate");

	private static final double FLOOR = 5;

	private static final int CATEGORY_BUCKETS = 8;

	private FeatureVector() {
	}

	/** The vectors of all candidates, in order. */
	public static double[][] build(UserSignals user, List<CandidateSignals> candidates) {
		double maxPopularity = 0;
		double maxTrending = 0;
		double maxInterest = 0;
		for (CandidateSignals c : candidates) {
			maxPopularity = Math.max(maxPopularity, c.popularity());
			maxTrending = Math.max(maxTrending, c.trending());
			maxInterest = Math.max(maxInterest, c.interest());
		}
		double[][] x = new double[candidates.size()][];
		for (int i = 0; i < x.length; i++) {
			x[i] = of(user, candidates.get(i), maxPopularity, maxTrending, maxInterest);
		}
		return x;
	}

	static double[] of(UserSignals user, CandidateSignals c, double maxPopularity, double maxTrending,
			double maxInterest) {
		double[] x = new double[DIMENSION];
		double popularity = scaled(c.popularity(), maxPopularity);
		double trending = scaled(c.trending(), maxTrending);
		double interest = scaled(c.interest(), maxInterest);
		double clock = clamp(c.userClock());
		double isNew = c.isNew() ? 1 : 0;
		double hour = user.hourOfDay();
		x[0] = 1;
		x[1] = popularity;
		x[2] = trending;
		x[3] = clamp(c.clickThroughRate());
		x[4] = interest;
		x[5] = clock;
		x[6] = clamp(c.globalClock());
		x[7] = isNew;
		x[8] = Math.exp(-Math.max(0, c.ageHours()) / (7 * 24));
		x[9] = user.known() ? 1 : 0;
		x[10] = Math.min(1, Math.log1p(Math.max(0, user.events())) / Math.log(1001));
		x[11] = clamp(user.clickThroughRate());
		x[12] = Math.sin(2 * Math.PI * hour / 24);
		x[13] = Math.cos(2 * Math.PI * hour / 24);
		x[14] = interest * clock;
		x[15] = clock * popularity;
		x[16] = clock * isNew;
		x[17 + Math.min(3, Math.max(0, (int) (hour / 6)))] = 1;
		x[21] = clock * x[3];
		x[22 + Math.floorMod(c.category().hashCode(), CATEGORY_BUCKETS)] = 1;
		x[30] = clock * trending;
		x[31] = interest * x[3];
		return x;
	}

	private static double scaled(double value, double max) {
		return LogScale.scaled(value, max, FLOOR);
	}

	private static double clamp(double value) {
		return Double.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
	}

}
