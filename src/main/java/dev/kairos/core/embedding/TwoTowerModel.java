package dev.kairos.core.embedding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import dev.kairos.core.interestclock.HourKernel;
import dev.kairos.core.learn.MurmurHash3;

/**
 * Two-tower embeddings trained online: a user tower and an item tower map a user at a
 * time and an item to vectors of the same dimension, whose dot product (plus an item
 * bias) is the logit of a click. Trained one positive at a time against sampled
 * negatives, by AdaGrad on the logistic loss; retrieval is the items nearest to the
 * user's vector ({@link TowerSnapshot#nearest}).
 *
 * <p>
 * <b>Item tower:</b> {@code v_i = e_id(i) + (1/|F_i|) Σ_{f ∈ F_i} e_f}, the item's id
 * embedding plus the mean of its content features' embeddings (category, tags, hashed
 * attributes; {@link ItemContent}). Id embeddings start at zero, so a new item's vector
 * is its content's until clicks teach it more: an item with the tags of a popular cluster
 * lands near that cluster's users before its first click (LightFM's hybrid
 * representation: Kula, "Metadata Embeddings for User and Item Cold-start
 * Recommendations", 2015).
 *
 * <p>
 * <b>User tower:</b> {@code u = Σ_j a_j v_j / Σ a_j + Σ_h k_h(t) e_hour(h) + Σ_c w_c
 * e_{category=c} / Σ w_c}: the recency-weighted mean of the user's recent items' vectors
 * (YouTube's averaged watch history: Covington, Adams, Sargin, "Deep Neural Networks for
 * YouTube Recommendations", RecSys 2016), the hour of day read through a circular
 * Gaussian kernel over 24 hourly embeddings (the Interest Clock's smooth reading of the
 * hour), and the user's category interests through the category features' embeddings,
 * shared with the item tower.
 *
 * <p>
 * <b>Training:</b> for a click on item {@code i}, the loss is
 * {@code −log σ(s(u, i)) − Σ_n log(1 − σ(s(u, n)))} over negatives {@code n}: the
 * impressions of the same slate that were not clicked, and items drawn from recent clicks
 * (popularity-proportional sampling, as sampled-softmax negatives are drawn in Yi et al.,
 * "Sampling-Bias-Corrected Neural Modeling for Large Corpus Item Recommendations", RecSys
 * 2019). Gradients reach the id, feature, hour and bias parameters by AdaGrad (Duchi,
 * Hazan, Singer, JMLR 2011) with an L2 penalty.
 *
 * <p>
 * Deviations from the cited two-tower models: the towers are linear (sums of embeddings,
 * no hidden layers), which keeps an update to a few microseconds and the model a
 * factorisation machine over these fields; negatives are not corrected for their sampling
 * probability.
 *
 * <p>
 * Deterministic: parameters are initialised from {@code seed}, negatives drawn from a
 * random source seeded from it, so two workers fed the same stream in the same order hold
 * the same parameters. Not thread-safe: one trainer owns it; serving reads immutable
 * {@link #snapshot snapshots}.
 */
public final class TwoTowerModel {

	/**
	 * The model's shape and learning settings; part of its schema (a change makes stored
	 * parameters meaningless).
	 *
	 * @param dimension embedding dimension, 1–256
	 * @param featureBits log2 of the number of hashed content-feature embeddings, 4–24
	 * @param learningRate AdaGrad's step size η, positive
	 * @param l2 the L2 penalty, non-negative
	 * @param sampledNegatives popularity-sampled negatives per positive, ≥ 0
	 * @param historyLength how many of a user's recent items the user tower reads, ≥ 1
	 * @param recencyDecay the weight ratio of each recent item to the one after it, in
	 * (0, 1]
	 * @param hourSigma the hour kernel's width in hours, positive
	 * @param initScale the standard deviation of initial feature and hour embeddings
	 * @param seed the seed of initialisation and sampling
	 */
	public record Parameters(int dimension, int featureBits, double learningRate, double l2, int sampledNegatives,
			int historyLength, double recencyDecay, double hourSigma, double initScale, long seed) {

		/** The defaults: 16 dimensions, 2^16 feature embeddings, η = 0.05. */
		public static final Parameters DEFAULTS = new Parameters(16, 16, 0.05, 1e-5, 4, 20, 0.85, 2, 0.1, 42);

		public Parameters {
			if (dimension < 1 || dimension > 256) {
				throw new IllegalArgumentException("dimension must be in [1, 256]: " + dimension);
			}
			if (featureBits < 4 || featureBits > 24) {
				throw new IllegalArgumentException("featureBits must be in [4, 24]: " + featureBits);
			}
			if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
				throw new IllegalArgumentException("learningRate must be positive: " + learningRate);
			}
			if (!(l2 >= 0) || Double.isInfinite(l2)) {
				throw new IllegalArgumentException("l2 must be non-negative: " + l2);
			}
			if (sampledNegatives < 0 || historyLength < 1) {
				throw new IllegalArgumentException("sampledNegatives >= 0 and historyLength >= 1 required");
			}
			if (!(recencyDecay > 0 && recencyDecay <= 1)) {
				throw new IllegalArgumentException("recencyDecay must be in (0, 1]: " + recencyDecay);
			}
			if (!(hourSigma > 0) || !(initScale >= 0)) {
				throw new IllegalArgumentException("hourSigma must be positive and initScale non-negative");
			}
		}

	}

	private static final double EPSILON = 1e-8;

	/** How many recent clicks the popularity sampler draws from. */
	static final int SAMPLER_WINDOW = 4096;

	private final Parameters parameters;

	private final int d;

	private final int featureMask;

	/** Item → its content features' bucket indices. */
	private final Map<String, int[]> catalogue = new HashMap<>();

	/** Registered items in registration order, for uniform sampling before any click. */
	private final List<String> registered = new ArrayList<>();

	/** The categories named by items' {@code category=} features. */
	private final Set<String> categories = new HashSet<>();

	private final Map<String, float[]> ids = new HashMap<>();

	private final Map<String, float[]> idAccumulators = new HashMap<>();

	private final float[] features;

	private final float[] featureAccumulators;

	private final float[] hours;

	private final float[] hourAccumulators;

	/** Item → {bias, its accumulator}. */
	private final Map<String, double[]> biases = new HashMap<>();

	private final String[] recentClicks = new String[SAMPLER_WINDOW];

	private long clicks;

	private final SplittableRandom random;

	private long updates;

	public TwoTowerModel(Parameters parameters) {
		this.parameters = parameters;
		this.d = parameters.dimension();
		this.featureMask = (1 << parameters.featureBits()) - 1;
		SplittableRandom init = new SplittableRandom(parameters.seed());
		this.features = gaussian(init, (1 << parameters.featureBits()) * this.d, parameters.initScale());
		this.featureAccumulators = new float[this.features.length];
		this.hours = gaussian(init, HourKernel.HOURS * this.d, parameters.initScale());
		this.hourAccumulators = new float[this.hours.length];
		this.random = init.split();
	}

	private static float[] gaussian(SplittableRandom random, int n, double scale) {
		float[] values = new float[n];
		for (int i = 0; i < n; i++) {
			values[i] = (float) (scale * gaussian(random));
		}
		return values;
	}

	private static double gaussian(SplittableRandom random) {
		// Box–Muller, so that the sequence is the same on every JVM
		double u = 1 - random.nextDouble();
		double v = random.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}

	public Parameters parameters() {
		return this.parameters;
	}

	/** How many training examples (positives and negatives) the model has learned. */
	public long updates() {
		return this.updates;
	}

	/** The bucket of a content feature. */
	int bucket(String feature) {
		return MurmurHash3.hash32(feature, (int) this.parameters.seed()) & this.featureMask;
	}

	/** Adds an item to the catalogue, or replaces its content. */
	public void register(ItemContent item) {
		int[] buckets = item.features().stream().distinct().mapToInt(this::bucket).toArray();
		for (String feature : item.features()) {
			if (feature.startsWith(CATEGORY_PREFIX)) {
				this.categories.add(feature.substring(CATEGORY_PREFIX.length()));
			}
		}
		if (this.catalogue.put(item.itemId(), buckets) == null) {
			this.registered.add(item.itemId());
		}
	}

	/** Whether the item is in the catalogue. */
	public boolean knows(String itemId) {
		return this.catalogue.containsKey(itemId);
	}

	// ---- the towers ----

	/** The item tower's vector of a registered item (zero for an unknown one). */
	public float[] itemVector(String itemId) {
		float[] v = new float[this.d];
		addItemVector(itemId, 1, v);
		return v;
	}

	private void addItemVector(String itemId, double weight, float[] into) {
		float[] id = this.ids.get(itemId);
		if (id != null) {
			for (int k = 0; k < this.d; k++) {
				into[k] += (float) (weight * id[k]);
			}
		}
		int[] buckets = this.catalogue.get(itemId);
		if (buckets != null && buckets.length > 0) {
			double share = weight / buckets.length;
			for (int b : buckets) {
				int offset = b * this.d;
				for (int k = 0; k < this.d; k++) {
					into[k] += (float) (share * this.features[offset + k]);
				}
			}
		}
	}

	/** The user tower's vector. */
	public float[] userVector(UserContext user) {
		return userVector(weights(user));
	}

	private float[] userVector(UserWeights w) {
		float[] u = new float[this.d];
		for (int j = 0; j < w.items.size(); j++) {
			addItemVector(w.items.get(j), w.itemWeights[j], u);
		}
		for (int h = 0; h < HourKernel.HOURS; h++) {
			int offset = h * this.d;
			for (int k = 0; k < this.d; k++) {
				u[k] += (float) (w.hourWeights[h] * this.hours[offset + k]);
			}
		}
		for (int c = 0; c < w.categoryBuckets.length; c++) {
			int offset = w.categoryBuckets[c] * this.d;
			for (int k = 0; k < this.d; k++) {
				u[k] += (float) (w.categoryWeights[c] * this.features[offset + k]);
			}
		}
		return u;
	}

	/** The normalised weights of the user tower's inputs. */
	private record UserWeights(List<String> items, double[] itemWeights, double[] hourWeights, int[] categoryBuckets,
			double[] categoryWeights) {
	}

	private UserWeights weights(UserContext user) {
		List<String> items = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (String item : user.recentItems()) {
			if (items.size() == this.parameters.historyLength()) {
				break;
			}
			if (this.catalogue.containsKey(item) && seen.add(item)) {
				items.add(item);
			}
		}
		double[] itemWeights = new double[items.size()];
		double sum = 0;
		double w = 1;
		for (int j = 0; j < itemWeights.length; j++) {
			itemWeights[j] = w;
			sum += w;
			w *= this.parameters.recencyDecay();
		}
		for (int j = 0; j < itemWeights.length; j++) {
			itemWeights[j] /= sum;
		}
		double[] hourWeights = HourKernel.weights(user.hourOfDay(), this.parameters.hourSigma());
		double hourSum = 0;
		for (double h : hourWeights) {
			hourSum += h;
		}
		for (int h = 0; h < hourWeights.length; h++) {
			hourWeights[h] /= hourSum;
		}
		List<Map.Entry<String, Double>> interests = user.categoryInterests()
			.entrySet()
			.stream()
			.filter((e) -> e.getValue() > 0 && Double.isFinite(e.getValue()))
			.sorted(Map.Entry.comparingByKey())
			.toList();
		int[] categoryBuckets = new int[interests.size()];
		double[] categoryWeights = new double[interests.size()];
		double total = interests.stream().mapToDouble(Map.Entry::getValue).sum();
		for (int c = 0; c < categoryBuckets.length; c++) {
			categoryBuckets[c] = bucket(categoryFeature(interests.get(c).getKey()));
			categoryWeights[c] = interests.get(c).getValue() / total;
		}
		return new UserWeights(items, itemWeights, hourWeights, categoryBuckets, categoryWeights);
	}

	private static final String CATEGORY_PREFIX = "category=";

	/** The content feature of a category, as {@link ItemContent} names it. */
	public static String categoryFeature(String category) {
		return CATEGORY_PREFIX + category;
	}

	/** The item's bias. */
	public double bias(String itemId) {
		double[] b = this.biases.get(itemId);
		return (b == null) ? 0 : b[0];
	}

	/** The model's logit for a user and an item. */
	public double score(UserContext user, String itemId) {
		return dot(userVector(user), itemVector(itemId)) + bias(itemId);
	}

	static double dot(float[] a, float[] b) {
		double s = 0;
		for (int k = 0; k < a.length; k++) {
			s += a[k] * b[k];
		}
		return s;
	}

	// ---- training ----

	/**
	 * Learns from one click.
	 * @param user the user at the time of the click (their recent items before it)
	 * @param clicked the clicked item (registered)
	 * @param shownNotClicked items of the same slate that were shown and not clicked
	 * (negatives)
	 * @return the loss before the update, for monitoring
	 */
	public double learn(UserContext user, String clicked, Collection<String> shownNotClicked) {
		if (!this.catalogue.containsKey(clicked)) {
			return 0;
		}
		List<String> negatives = new ArrayList<>();
		Set<String> exclude = new HashSet<>(user.recentItems());
		exclude.add(clicked);
		for (String n : shownNotClicked) {
			if (this.catalogue.containsKey(n) && exclude.add(n)) {
				negatives.add(n);
			}
		}
		for (int s = 0; s < this.parameters.sampledNegatives(); s++) {
			String n = sampleNegative();
			if (n != null && exclude.add(n)) {
				negatives.add(n);
			}
		}
		UserWeights w = weights(user);
		float[] u = userVector(w);
		float[] gradientU = new float[this.d];
		double loss = step(u, clicked, 1, gradientU);
		for (String n : negatives) {
			loss += step(u, n, 0, gradientU);
		}
		backpropagateUser(w, gradientU);
		this.recentClicks[(int) (this.clicks++ % SAMPLER_WINDOW)] = clicked;
		return loss;
	}

	/**
	 * Learns from a shown item that was not clicked, when no click of the same slate
	 * brings it along (a slate answered with no click at all).
	 */
	public double learnSkip(UserContext user, String shown) {
		if (!this.catalogue.containsKey(shown)) {
			return 0;
		}
		UserWeights w = weights(user);
		float[] u = userVector(w);
		float[] gradientU = new float[this.d];
		double loss = step(u, shown, 0, gradientU);
		backpropagateUser(w, gradientU);
		return loss;
	}

	private String sampleNegative() {
		if (this.clicks > 0) {
			int window = (int) Math.min(this.clicks, SAMPLER_WINDOW);
			return this.recentClicks[this.random.nextInt(window)];
		}
		if (this.registered.isEmpty()) {
			return null;
		}
		return this.registered.get(this.random.nextInt(this.registered.size()));
	}

	/**
	 * One logistic example: updates the item side at once and accumulates the gradient
	 * with respect to {@code u}.
	 */
	private double step(float[] u, String itemId, double label, float[] gradientU) {
		float[] v = itemVector(itemId);
		double[] bias = this.biases.computeIfAbsent(itemId, (k) -> new double[2]);
		double s = dot(u, v) + bias[0];
		double p = 1 / (1 + Math.exp(-s));
		double g = p - label;
		double loss = -(label * Math.log(Math.max(p, 1e-12)) + (1 - label) * Math.log(Math.max(1 - p, 1e-12)));
		for (int k = 0; k < this.d; k++) {
			gradientU[k] += (float) (g * v[k]);
		}
		// bias
		double gb = g;
		bias[1] += gb * gb;
		bias[0] -= this.parameters.learningRate() * gb / (Math.sqrt(bias[1]) + EPSILON);
		// item side: ∂s/∂v = u, shared by the id and (divided) by the features
		addToItem(itemId, u, g);
		this.updates++;
		return loss;
	}

	/** Moves an item's parameters by the gradient {@code g·direction} of its vector. */
	private void addToItem(String itemId, float[] direction, double g) {
		float[] id = this.ids.computeIfAbsent(itemId, (k) -> new float[this.d]);
		float[] acc = this.idAccumulators.computeIfAbsent(itemId, (k) -> new float[this.d]);
		adagrad(id, acc, 0, direction, g);
		int[] buckets = this.catalogue.get(itemId);
		if (buckets != null && buckets.length > 0) {
			double share = g / buckets.length;
			for (int b : buckets) {
				adagrad(this.features, this.featureAccumulators, b * this.d, direction, share);
			}
		}
	}

	private void backpropagateUser(UserWeights w, float[] gradientU) {
		for (int j = 0; j < w.items.size(); j++) {
			addToItem(w.items.get(j), gradientU, w.itemWeights[j]);
		}
		for (int h = 0; h < HourKernel.HOURS; h++) {
			if (w.hourWeights[h] > 1e-6) {
				adagrad(this.hours, this.hourAccumulators, h * this.d, gradientU, w.hourWeights[h]);
			}
		}
		for (int c = 0; c < w.categoryBuckets.length; c++) {
			adagrad(this.features, this.featureAccumulators, w.categoryBuckets[c] * this.d, gradientU,
					w.categoryWeights[c]);
		}
	}

	/**
	 * AdaGrad on {@code params[offset .. offset + d)} with the gradient
	 * {@code scale · direction} plus the L2 penalty.
	 */
	private void adagrad(float[] params, float[] accumulators, int offset, float[] direction, double scale) {
		double eta = this.parameters.learningRate();
		double l2 = this.parameters.l2();
		for (int k = 0; k < this.d; k++) {
			double g = scale * direction[k] + l2 * params[offset + k];
			double acc = accumulators[offset + k] + g * g;
			accumulators[offset + k] = (float) acc;
			params[offset + k] -= (float) (eta * g / (Math.sqrt(acc) + EPSILON));
		}
	}

	// ---- serving ----

	/**
	 * An immutable copy of what serving needs: every registered item's vector and bias,
	 * which of them may be retrieved, the hour embeddings and the categories' embeddings.
	 * @param version the version to stamp it with
	 * @param servable which items may be retrieved (e.g. active ones); the others still
	 * lend their vectors to the users who had them among their recent items
	 */
	public TowerSnapshot snapshot(long version, Predicate<String> servable) {
		int n = this.registered.size();
		float[] vectors = new float[n * this.d];
		float[] bias = new float[n];
		boolean[] retrievable = new boolean[n];
		for (int i = 0; i < n; i++) {
			String item = this.registered.get(i);
			System.arraycopy(itemVector(item), 0, vectors, i * this.d, this.d);
			bias[i] = (float) bias(item);
			retrievable[i] = servable.test(item);
		}
		Map<String, float[]> categoryVectors = new HashMap<>();
		for (String category : this.categories) {
			int offset = bucket(categoryFeature(category)) * this.d;
			float[] v = new float[this.d];
			System.arraycopy(this.features, offset, v, 0, this.d);
			categoryVectors.put(category, v);
		}
		return new TowerSnapshot(version, this.parameters, this.registered.toArray(String[]::new), vectors, bias,
				retrievable, this.hours.clone(), categoryVectors);
	}

}
