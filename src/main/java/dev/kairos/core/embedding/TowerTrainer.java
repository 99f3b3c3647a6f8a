package dev.kairos.core.embedding;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import dev.kairos.core.linalg.LinearStatistics;

/**
 * Trains a {@link TwoTowerModel} from the stream of served slates and feedback, one user
 * at a time, as the worker reads them: what each user was shown and what they took.
 *
 * <ul>
 * <li>A <b>slate</b> (or an impression a client reports) makes its items the user's
 * <i>shown</i> items.</li>
 * <li>A <b>click or purchase</b> is a positive, learned against the user's shown items
 * they did not take (served-not-clicked) and the model's popularity-sampled negatives,
 * with the user as they were before it (their recent items, the categories of those, the
 * hour of the event); the item then joins their recent items and leaves the shown
 * ones.</li>
 * <li>A <b>view</b> joins the recent items (serving's user tower reads views too).</li>
 * <li>A <b>skip</b> is a negative on its own.</li>
 * </ul>
 * Each user's trail is kept in memory, at most {@code maxUsers} users (the least recently
 * active are forgotten). Item content is registered by the caller before the item's first
 * event ({@link #register}). Not thread-safe; deterministic given the model's seed and
 * the order of calls.
 */
public final class TowerTrainer {

	private final TwoTowerModel model;

	private final int maxUsers;

	private final int shownPerUser;

	private final Map<String, Trail> users;

	private final Map<String, String> categories = new HashMap<>();

	private long positives;

	/** The hand-made features' dimension of the neural-linear layer, 0 if none. */
	private final int featureDimension;

	/**
	 * The neural-linear layer's statistics over {@code z = [u ⊙ v, x]}, packed
	 * ({@link LinearStatistics#toPacked()}): shown items add {@code z zᵀ}, taken ones
	 * {@code z} to {@code b}.
	 */
	private final double[] linear;

	/** What is kept of one user. */
	private static final class Trail {

		/** Recent items, most recent first. */
		final Deque<String> recent = new ArrayDeque<>();

		/** Shown and not taken yet, in the order shown. */
		final Set<String> shown = new LinkedHashSet<>();

		/**
		 * The neural-linear features {@code z} of the latest slate's items not taken yet
		 * (as floats: what the reward adds to {@code b} needs no more, and a user costs
		 * half the memory).
		 */
		final Map<String, float[]> open = new HashMap<>(4);

	}

	/**
	 * @param model the model trained
	 * @param maxUsers how many users' trails are kept, ≥ 1
	 * @param shownPerUser how many shown items each user keeps as negatives, ≥ 0
	 */
	public TowerTrainer(TwoTowerModel model, int maxUsers, int shownPerUser) {
		this(model, maxUsers, shownPerUser, 0);
	}

	/**
	 * A trainer that also learns the neural-linear layer
	 * ({@link dev.kairos.core.bandit.NeuralLinear}) from slates served with their feature
	 * vectors.
	 * @param model the model trained
	 * @param maxUsers how many users' trails are kept, ≥ 1
	 * @param shownPerUser how many shown items each user keeps as negatives, ≥ 0
	 * @param featureDimension the hand-made features' dimension {@code d_x}, ≥ 0 (0: no
	 * neural-linear layer)
	 */
	public TowerTrainer(TwoTowerModel model, int maxUsers, int shownPerUser, int featureDimension) {
		if (maxUsers < 1 || shownPerUser < 0 || featureDimension < 0) {
			throw new IllegalArgumentException("maxUsers >= 1, shownPerUser >= 0 and featureDimension >= 0 required");
		}
		this.featureDimension = featureDimension;
		this.linear = (featureDimension > 0)
				? new double[LinearStatistics.packedLength(model.parameters().dimension() + featureDimension)] : null;
		this.model = model;
		this.maxUsers = maxUsers;
		this.shownPerUser = shownPerUser;
		this.users = new LinkedHashMap<>(1024, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Trail> eldest) {
				return size() > TowerTrainer.this.maxUsers;
			}
		};
	}

	/** The model trained. */
	public TwoTowerModel model() {
		return this.model;
	}

	/** How many positives were learned. */
	public long positives() {
		return this.positives;
	}

	/** How many users' trails are kept. */
	public int users() {
		return this.users.size();
	}

	/**
	 * The content features of an item as the item tower reads them: {@code category=C},
	 * {@code tag=T} per tag, {@code attr:K=V} per string attribute and {@code attr:K~B}
	 * per numeric attribute, binned by {@code B = round(2·log2(1+|v|))} with its sign (so
	 * that prices of 10 and 11 share a bin, 10 and 100 do not).
	 */
	public static List<String> contentFeatures(String category, List<String> tags, Map<String, Double> numbers,
			Map<String, String> strings) {
		List<String> features = new ArrayList<>();
		features.add(TwoTowerModel.categoryFeature(category));
		for (String tag : tags) {
			features.add("tag=" + tag);
		}
		new TreeMap<>(strings).forEach((k, v) -> features.add("attr:" + k + "=" + v));
		new TreeMap<>(numbers).forEach((k, v) -> {
			if (Double.isFinite(v)) {
				long bin = Math.round(2 * Math.log1p(Math.abs(v)) / Math.log(2));
				features.add("attr:" + k + "~" + ((v < 0) ? -bin : bin));
			}
		});
		return features.stream().distinct().toList();
	}

	/** Registers an item, or replaces its content. */
	public void register(String itemId, String category, List<String> tags, Map<String, Double> numbers,
			Map<String, String> strings) {
		this.model.register(new ItemContent(itemId, contentFeatures(category, tags, numbers, strings)));
		this.categories.put(itemId, category);
	}

	/** Whether the item is registered. */
	public boolean knows(String itemId) {
		return this.model.knows(itemId);
	}

	/** A slate was served to the user: its items are their shown items now. */
	public void served(String userId, List<String> items) {
		Trail trail = trail(userId);
		trail.shown.clear();
		for (String item : items) {
			show(trail, item);
		}
	}

	/**
	 * A slate was served with the feature vector each item was scored with: as
	 * {@link #served(String, List)}, and each item counts in the neural-linear layer as
	 * shown (reward 0 until taken: {@code A += z zᵀ}), with {@code z = [u ⊙ v, x]} from
	 * the towers as they are now and the user as they were at the slate.
	 * @param features per item, its vector (of the trainer's feature dimension; others
	 * are left out of the layer)
	 * @param hourOfDay the slate's hour of day
	 */
	public void served(String userId, List<String> items, List<double[]> features, double hourOfDay) {
		served(userId, items);
		if (this.linear == null) {
			return;
		}
		Trail trail = trail(userId);
		trail.open.clear();
		float[] u = this.model.userVector(context(trail, hourOfDay));
		for (int i = 0; i < items.size(); i++) {
			double[] x = features.get(i);
			if (x == null || x.length != this.featureDimension || !this.model.knows(items.get(i))) {
				continue;
			}
			double[] z = neuralLinearFeatures(u, this.model.itemVector(items.get(i)), x);
			addShown(z);
			float[] stored = new float[z.length];
			for (int k = 0; k < z.length; k++) {
				stored[k] = (float) z[k];
			}
			trail.open.put(items.get(i), stored);
		}
	}

	/** {@code [u ⊙ v, x]}, as {@link dev.kairos.core.bandit.NeuralLinear#features}. */
	public static double[] neuralLinearFeatures(float[] u, float[] v, double[] x) {
		double[] z = new double[u.length + x.length];
		for (int k = 0; k < u.length; k++) {
			z[k] = (double) u[k] * v[k];
		}
		System.arraycopy(x, 0, z, u.length, x.length);
		return z;
	}

	private void addShown(double[] z) {
		int d = z.length;
		this.linear[0] += 1;
		int p = 1 + d;
		for (int i = 0; i < d; i++) {
			for (int j = i; j < d; j++) {
				this.linear[p++] += z[i] * z[j];
			}
		}
	}

	/**
	 * The neural-linear layer's statistics, or {@code null} if this trainer keeps none.
	 */
	public LinearStatistics neuralLinear() {
		return (this.linear == null) ? null : LinearStatistics
			.fromPacked(this.model.parameters().dimension() + this.featureDimension, this.linear.clone());
	}

	/** The client reported an impression: the item is among the user's shown items. */
	public void impression(String userId, String itemId) {
		show(trail(userId), itemId);
	}

	private void show(Trail trail, String itemId) {
		if (this.shownPerUser == 0 || trail.recent.contains(itemId)) {
			return;
		}
		trail.shown.remove(itemId);
		trail.shown.add(itemId);
		while (trail.shown.size() > this.shownPerUser) {
			Iterator<String> first = trail.shown.iterator();
			first.next();
			first.remove();
		}
	}

	/**
	 * A click or purchase: learned against the user's shown items not taken.
	 * @return the loss before the update (0 for an unregistered item)
	 */
	public double positive(String userId, String itemId, double hourOfDay) {
		Trail trail = trail(userId);
		double loss = 0;
		if (this.model.knows(itemId)) {
			List<String> negatives = new ArrayList<>(trail.shown);
			negatives.remove(itemId);
			loss = this.model.learn(context(trail, hourOfDay), itemId, negatives);
			this.positives++;
		}
		float[] z = trail.open.remove(itemId);
		if (z != null) {
			// the first positive on a shown item: its reward 1 ({@code b += z})
			for (int k = 0; k < z.length; k++) {
				this.linear[1 + k] += z[k];
			}
		}
		trail.shown.remove(itemId);
		remember(trail, itemId);
		return loss;
	}

	/** A view: the item joins the user's recent items. */
	public void viewed(String userId, String itemId) {
		Trail trail = trail(userId);
		trail.shown.remove(itemId);
		remember(trail, itemId);
	}

	/**
	 * A skip: a negative on its own.
	 * @return the loss before the update
	 */
	public double skipped(String userId, String itemId, double hourOfDay) {
		Trail trail = trail(userId);
		trail.shown.remove(itemId);
		return this.model.knows(itemId) ? this.model.learnSkip(context(trail, hourOfDay), itemId) : 0;
	}

	/**
	 * What the user tower reads of a user: their recent items, the categories of those as
	 * interests, the hour.
	 */
	private UserContext context(Trail trail, double hourOfDay) {
		Map<String, Double> interests = new HashMap<>();
		for (String item : trail.recent) {
			String category = this.categories.get(item);
			if (category != null) {
				interests.merge(category, 1.0, Double::sum);
			}
		}
		return new UserContext(List.copyOf(trail.recent), interests, hourOfDay);
	}

	private void remember(Trail trail, String itemId) {
		trail.recent.remove(itemId);
		trail.recent.addFirst(itemId);
		while (trail.recent.size() > this.model.parameters().historyLength()) {
			trail.recent.removeLast();
		}
	}

	private Trail trail(String userId) {
		return this.users.computeIfAbsent(userId, (u) -> new Trail());
	}

	/**
	 * An immutable copy of the model for serving ({@link TwoTowerModel#snapshot}), with
	 * the neural-linear layer's statistics if kept.
	 */
	public TowerSnapshot snapshot(long version, Predicate<String> servable) {
		TowerSnapshot snapshot = this.model.snapshot(version, servable);
		return (this.linear != null) ? snapshot.withNeuralLinear(neuralLinear()) : snapshot;
	}

}
