package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.kairos.core.learn.MurmurHash3;

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
 *
 * 32 similar-to: the largest co-occurrence similarity to one of the user's recent items
 * 33 similar-to-mean: its mean over the recent items read
 * 34 two-tower: the two-tower model's click probability σ(u·v + b) (0 without towers)
 * 35-47 hashed content and context features (13 buckets, signed hashing)
 * </pre>
 *
 * <p>
 * The hashed features (feature hashing with a sign bit: Weinberger et al., "Feature
 * Hashing for Large Scale Multitask Learning", ICML 2009) are named as {@code explain}
 * shows them:
 * <ul>
 * <li>{@code tag:running} for each of the item's tags, value {@code 1/sqrt(tags)};</li>
 * <li>{@code attr:brand=acme} for each string attribute, value 1;</li>
 * <li>{@code attr:price} for each numeric attribute, value
 * {@code sign(v)·ln(1+|v|)/ln(1+10⁶)}, capped to [-1, 1];</li>
 * <li>{@code context.device=ios} for each entry of the request's context, value 1, and
 * its cross with the item's category, {@code context.device=ios&category=Books}, value 1,
 * which lets the shared model learn which categories a context favours.</li>
 * </ul>
 * A feature's bucket is {@code murmur3(name) mod 13} and its sign the hash's top bit;
 * each bucket is the signed sum of its features, capped to [-1, 1].
 *
 * <p>
 * Changing the layout changes {@link #SCHEMA_VERSION}; stored models record it and a
 * mismatch starts a new model rather than mixing the two (version 1 was entries 0-31).
 */
public final class FeatureVector {

	/** The length of every vector. */
	public static final int DIMENSION = 48;

	/** The version of this layout. */
	public static final int SCHEMA_VERSION = 2;

	/** The first of the hashed content and context entries. */
	public static final int HASHED_OFFSET = 35;

	/** How many hashed entries there are. */
	public static final int HASHED_BUCKETS = DIMENSION - HASHED_OFFSET;

	/** The scale of numeric attributes: values of this magnitude map to 1. */
	private static final double NUMERIC_SCALE = Math.log1p(1e6);

	/** The entry of the largest similarity to the user's recent items. */
	public static final int SIMILAR_TO = 32;

	/** The entry of the two-tower model's click probability. */
	public static final int TWO_TOWER = 34;

	/**
	 * The name of each entry, in order: what {@code explain=true} calls the features.
	 * Defined here, beside the layout, so the two cannot drift apart.
	 */
	public static final List<String> NAMES = List.of("bias", "popularity", "trending", "item-rate", "category-interest",
			"user-clock", "global-clock", "new-item", "freshness", "user-known", "user-activity", "user-rate",
			"hour-sin", "hour-cos", "interest-x-user-clock", "user-clock-x-popularity", "user-clock-x-new-item",
			"hours-0-6", "hours-6-12", "hours-12-18", "hours-18-24", "user-clock-x-item-rate", "category-bucket-0",
			"category-bucket-1", "category-bucket-2", "category-bucket-3", "category-bucket-4", "category-bucket-5",
			"category-bucket-6", "category-bucket-7", "user-clock-x-trending", "interest-x-item-rate", "similar-to",
			"similar-to-mean", "two-tower", "hashed-0", "hashed-1", "hashed-2", "hashed-3", "hashed-4", "hashed-5",
			"hashed-6", "hashed-7", "hashed-8", "hashed-9", "hashed-10", "hashed-11", "hashed-12");

	private static final double FLOOR = 5;

	private static final int CATEGORY_BUCKETS = 8;

	private FeatureVector() {
	}

	/**
	 * The vectors of all candidates, in order. The request's entries are computed once,
	 * an item's hashed content once per item ({@link ItemDescription}) and the context's
	 * once per category: the same vectors as {@link #hashed} and the layout above give,
	 * to the bit.
	 */
	public static double[][] build(UserSignals user, List<CandidateSignals> candidates) {
		double maxPopularity = 0;
		double maxTrending = 0;
		double maxInterest = 0;
		for (CandidateSignals c : candidates) {
			maxPopularity = Math.max(maxPopularity, c.popularity());
			maxTrending = Math.max(maxTrending, c.trending());
			maxInterest = Math.max(maxInterest, c.interest());
		}
		double[] request = requestEntries(user);
		Map<String, HashedContent> contexts = new HashMap<>();
		double[][] x = new double[candidates.size()][];
		for (int i = 0; i < x.length; i++) {
			CandidateSignals c = candidates.get(i);
			HashedContent context = user.context().isEmpty() ? HashedContent.NONE
					: contexts.computeIfAbsent(c.category(), (k) -> HashedContent.ofContext(user.context(), k));
			x[i] = of(request, c, maxPopularity, maxTrending, maxInterest, context);
		}
		return x;
	}

	/** The entries that are the same for every candidate of a request. */
	private static double[] requestEntries(UserSignals user) {
		double[] x = new double[DIMENSION];
		double hour = user.hourOfDay();
		x[0] = 1;
		x[9] = user.known() ? 1 : 0;
		x[10] = Math.min(1, Math.log1p(Math.max(0, user.events())) / Math.log(1001));
		x[11] = clamp(user.clickThroughRate());
		x[12] = Math.sin(2 * Math.PI * hour / 24);
		x[13] = Math.cos(2 * Math.PI * hour / 24);
		x[17 + Math.min(3, Math.max(0, (int) (hour / 6)))] = 1;
		return x;
	}

	private static double[] of(double[] request, CandidateSignals c, double maxPopularity, double maxTrending,
			double maxInterest, HashedContent context) {
		double[] x = request.clone();
		double popularity = scaled(c.popularity(), maxPopularity);
		double trending = scaled(c.trending(), maxTrending);
		double interest = scaled(c.interest(), maxInterest);
		double clock = clamp(c.userClock());
		double isNew = c.isNew() ? 1 : 0;
		x[1] = popularity;
		x[2] = trending;
		x[3] = clamp(c.clickThroughRate());
		x[4] = interest;
		x[5] = clock;
		x[6] = clamp(c.globalClock());
		x[7] = isNew;
		x[8] = Math.exp(-Math.max(0, c.ageHours()) / (7 * 24));
		x[14] = interest * clock;
		x[15] = clock * popularity;
		x[16] = clock * isNew;
		x[21] = clock * x[3];
		x[22 + Math.floorMod(c.category().hashCode(), CATEGORY_BUCKETS)] = 1;
		x[30] = clock * trending;
		x[31] = interest * x[3];
		CandidateSignals.Similarity similarity = c.similarity();
		x[32] = clamp(similarity.max());
		x[33] = clamp(similarity.mean());
		x[34] = clamp(c.towerAffinity());
		// each bucket sums its features in the order of their names (hashed, below):
		// the item's attributes, the request's context, the item's tags
		HashedContent content = c.description().hashed();
		content.addFirst(x);
		context.addAll(x);
		content.addRest(x);
		for (int j = HASHED_OFFSET; j < DIMENSION; j++) {
			x[j] = Math.max(-1, Math.min(1, x[j]));
		}
		return x;
	}

	/**
	 * The hashed features of a candidate for a request, by name (sorted, so that sums are
	 * made in one order), with their values before the sign.
	 */
	public static Map<String, Double> hashed(UserSignals user, CandidateSignals c) {
		Map<String, Double> features = new TreeMap<>();
		contentFeatures(c.description(), features);
		contextFeatures(user.context(), c.category(), features);
		return features;
	}

	/**
	 * An item's tags and attributes as named features ({@code tag:…}, {@code attr:…}).
	 */
	static void contentFeatures(ItemDescription d, Map<String, Double> features) {
		if (!d.tags().isEmpty()) {
			double value = 1 / Math.sqrt(d.tags().size());
			for (String tag : d.tags()) {
				features.put("tag:" + tag, value);
			}
		}
		d.strings().forEach((name, value) -> features.put("attr:" + name + "=" + value, 1.0));
		d.numbers().forEach((name, value) -> {
			double scaled = Math.signum(value) * Math.log1p(Math.abs(value)) / NUMERIC_SCALE;
			if (Double.isFinite(scaled) && scaled != 0) {
				features.put("attr:" + name, Math.max(-1, Math.min(1, scaled)));
			}
		});
	}

	/**
	 * A request's context as named features for a candidate of a category
	 * ({@code context.…} and its cross with the category).
	 */
	static void contextFeatures(Map<String, String> context, String category, Map<String, Double> features) {
		context.forEach((key, value) -> {
			String name = "context." + key + "=" + value;
			features.put(name, 1.0);
			features.put(name + "&category=" + category, 1.0);
		});
	}

	/**
	 * What each entry of a candidate's vector is, as {@code explain} names it: the fixed
	 * names of {@link #NAMES}, {@code similar-to:i42} naming the recent item the
	 * similarity is to, and for each hashed entry the features that fell in it
	 * ({@code tag:running}, {@code context.device=ios}; several joined by {@code " + "}).
	 */
	public static List<String> names(UserSignals user, CandidateSignals c) {
		List<String> names = new ArrayList<>(NAMES);
		if (c.similarity().nearest() != null) {
			names.set(SIMILAR_TO, "similar-to:" + c.similarity().nearest());
		}
		for (String feature : hashed(user, c).keySet()) {
			int j = HASHED_OFFSET + Math.floorMod(MurmurHash3.hash32(feature, SCHEMA_VERSION), HASHED_BUCKETS);
			String current = names.get(j);
			names.set(j, current.startsWith("hashed-") ? feature : current + " + " + feature);
		}
		return names;
	}

	private static double scaled(double value, double max) {
		return LogScale.scaled(value, max, FLOOR);
	}

	private static double clamp(double value) {
		return Double.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0;
	}

}
