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

	/** What is kept of one user. */
	private static final class Trail {

		/** Recent items, most recent first. */
		final Deque<String> recent = new ArrayDeque<>();

		/** Shown and not taken yet, in the order shown. */
		final Set<String> shown = new LinkedHashSet<>();

	}

	/**
	 * @param model the model trained
	 * @param maxUsers how many users' trails are kept, ≥ 1
	 * @param shownPerUser how many shown items each user keeps as negatives, ≥ 0
	 */
	public TowerTrainer(TwoTowerModel model, int maxUsers, int shownPerUser) {
		if (maxUsers < 1 || shownPerUser < 0) {
			throw new IllegalArgumentException("maxUsers >= 1 and shownPerUser >= 0 required");
		}
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

	/** An immutable copy of the model for serving ({@link TwoTowerModel#snapshot}). */
	public TowerSnapshot snapshot(long version, Predicate<String> servable) {
		return this.model.snapshot(version, servable);
	}

}
