package dev.kairos.bench.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated world, with its hidden ground truth: categories, items with a quality,
 * users whose interests depend on the hour of day (one favourite category around 09:00,
 * another around 20:00), position bias, new items arriving, and a drift in which some
 * users' morning favourite changes. Everything is drawn from one seed.
 *
 * <p>
 * Click probability of user u for item i at hour h in position p (from 0):
 * {@code sigmoid(-3.5 + 4·interest(u, category(i), h) + 0.8·quality(i)) / log2(p + 2)},
 * where
 * {@code interest = 1·k(h, 9) [morning category] + 1·k(h, 20) [evening category] + 0.15 [a
 * third, steady category]}, {@code k} a circular Gaussian of width 2 h.
 */
public final class World {

	static final int SLOTS = 5;

	/** Where the morning and the evening category's interest peak, hour of day. */
	static final double MORNING_PEAK = 9;

	static final double EVENING_PEAK = 20;

	/** The steady category's interest, all day. */
	static final double STEADY_INTEREST = 0.15;

	/** The weight of an item's quality in the click's logit. */
	static final double QUALITY_WEIGHT = 0.8;

	final int categories;

	final int users;

	final String[] itemCategory;

	final double[] quality;

	/** Request index at which each item arrives (0 for the initial catalogue). */
	final int[] arrival;

	final int[] morning;

	final int[] evening;

	final int[] steady;

	private final int driftAt;

	private final int[] morningAfterDrift;

	/**
	 * Items each user clicked: consumed, as Kairos treats them, so no longer attractive.
	 */
	private final BitSet[] consumed;

	World(long seed, int categories, int initialItems, int newItems, int users, int requests, int driftAt,
			double driftShare) {
		this(seed, categories, initialItems, newItems, users, requests, driftAt, driftShare, 0);
	}

	/**
	 * A world in which users' favourite categories are shared as much as {@code skew}
	 * says: each user's morning and evening categories are drawn with probability
	 * proportional to {@code 1 / (rank + 1)^skew}, the ranks of the categories in the
	 * morning and in the evening being two different orders (0: uniform, every user's
	 * hours drawn independently of everyone else's; 1: about a third of the users share
	 * the top morning category).
	 */
	World(long seed, int categories, int initialItems, int newItems, int users, int requests, int driftAt,
			double driftShare, double skew) {
		SplittableRandom random = new SplittableRandom(seed);
		this.categories = categories;
		this.users = users;
		this.driftAt = driftAt;
		int items = initialItems + newItems;
		this.itemCategory = new String[items];
		this.quality = new double[items];
		this.arrival = new int[items];
		for (int i = 0; i < items; i++) {
			this.itemCategory[i] = "cat" + random.nextInt(categories);
			this.quality[i] = gaussian(random);
			this.arrival[i] = (i < initialItems) ? 0 : 1 + (int) ((long) (i - initialItems) * requests / newItems);
		}
		this.morning = new int[users];
		this.evening = new int[users];
		this.steady = new int[users];
		this.morningAfterDrift = new int[users];
		this.consumed = new BitSet[users];
		double[] ranked = new double[categories];
		for (int c = 0; c < categories; c++) {
			ranked[c] = Math.pow(c + 1, -skew);
		}
		for (int u = 0; u < users; u++) {
			if (skew == 0) {
				this.morning[u] = random.nextInt(categories);
				this.evening[u] = (this.morning[u] + 1 + random.nextInt(categories - 1)) % categories;
			}
			else {
				// the morning's order is cat0, cat1, ...; the evening's starts half-way
				this.morning[u] = draw(random, ranked);
				do {
					this.evening[u] = (draw(random, ranked) + categories / 2) % categories;
				}
				while (this.evening[u] == this.morning[u]);
			}
			this.steady[u] = random.nextInt(categories);
			this.consumed[u] = new BitSet(items);
			this.morningAfterDrift[u] = (random.nextDouble() < driftShare)
					? (this.morning[u] + 1 + random.nextInt(categories - 1)) % categories : this.morning[u];
		}
	}

	static String itemId(int i) {
		return "sim-item-" + i;
	}

	static int itemIndex(String id) {
		return Integer.parseInt(id.substring("sim-item-".length()));
	}

	static String userId(int u) {
		return "sim-user-" + u;
	}

	int itemCount() {
		return this.quality.length;
	}

	boolean drifted(int user, int request) {
		return request >= this.driftAt && this.morningAfterDrift[user] != this.morning[user];
	}

	double interest(int user, int category, double hour, int request) {
		int morningCategory = (request >= this.driftAt) ? this.morningAfterDrift[user] : this.morning[user];
		double interest = 0;
		if (category == morningCategory) {
			interest += kernel(hour, MORNING_PEAK);
		}
		if (category == this.evening[user]) {
			interest += kernel(hour, EVENING_PEAK);
		}
		if (category == this.steady[user]) {
			interest += STEADY_INTEREST;
		}
		return interest;
	}

	/**
	 * The category the user is most interested in at the hour if that interest is at
	 * least half its peak (around 09:00 and 20:00), -1 otherwise.
	 */
	int favouriteAt(int user, double hour, int request) {
		int best = -1;
		double top = 0.5;
		for (int c = 0; c < this.categories; c++) {
			double interest = interest(user, c, hour, request);
			if (interest >= top) {
				top = interest;
				best = c;
			}
		}
		return best;
	}

	/**
	 * The user clicked the item: it is consumed, as Kairos never shows it to them again.
	 */
	void consume(int user, int item) {
		this.consumed[user].set(item);
	}

	/**
	 * Probability of a click on item i at position p, before position bias, in [0, 1): 0
	 * for an item the user consumed.
	 */
	double attraction(int user, int item, double hour, int request) {
		if (this.consumed[user].get(item)) {
			return 0;
		}
		return clickProbability(interest(user, categoryOf(item), hour, request), this.quality[item]);
	}

	/**
	 * Probability of a click before position bias, for a user's interest in the item's
	 * category and the item's quality: {@code sigmoid(-3.5 + 4·interest + 0.8·quality)}.
	 */
	static double clickProbability(double interest, double quality) {
		return 1 / (1 + Math.exp(-(-3.5 + 4 * interest + QUALITY_WEIGHT * quality)));
	}

	/** The item's category's number ({@code catN} → N). */
	int categoryOf(int item) {
		return Integer.parseInt(this.itemCategory[item].substring(3));
	}

	static double positionBias(int position) {
		return 1 / (Math.log(position + 2) / Math.log(2));
	}

	/**
	 * Expected clicks per slot of the best possible slate of the active items the user
	 * has not consumed.
	 */
	double oracleCtr(int user, double hour, int request, List<Integer> active) {
		double[] a = new double[active.size()];
		for (int k = 0; k < a.length; k++) {
			a[k] = attraction(user, active.get(k), hour, request);
		}
		Arrays.sort(a);
		double sum = 0;
		for (int p = 0; p < SLOTS && p < a.length; p++) {
			sum += a[a.length - 1 - p] * positionBias(p);
		}
		return sum / SLOTS;
	}

	/**
	 * How many of the oracle slate's items are of the category given.
	 */
	int oracleSlotsOf(int category, int user, double hour, int request, List<Integer> active) {
		List<Integer> best = new ArrayList<>(active);
		best.sort(Comparator.comparingDouble((Integer i) -> -attraction(user, i, hour, request)));
		int slots = 0;
		for (int p = 0; p < SLOTS && p < best.size(); p++) {
			if (itemCategory[best.get(p)].equals("cat" + category)) {
				slots++;
			}
		}
		return slots;
	}

	/**
	 * Expected clicks per slot of a uniformly random slate of the active items the user
	 * has not consumed.
	 */
	double randomCtr(int user, double hour, int request, List<Integer> active) {
		double mean = 0;
		int available = 0;
		for (int item : active) {
			if (!this.consumed[user].get(item)) {
				mean += attraction(user, item, hour, request);
				available++;
			}
		}
		mean /= Math.max(1, available);
		double bias = 0;
		for (int p = 0; p < SLOTS; p++) {
			bias += positionBias(p);
		}
		return mean * bias / SLOTS;
	}

	List<Integer> activeAt(int request) {
		List<Integer> active = new ArrayList<>();
		for (int i = 0; i < this.arrival.length; i++) {
			if (this.arrival[i] <= request) {
				active.add(i);
			}
		}
		return active;
	}

	/** A circular Gaussian of width 2 h: how close {@code hour} is to {@code center}. */
	public static double kernel(double hour, double center) {
		double d = Math.abs(hour - center) % 24;
		d = Math.min(d, 24 - d);
		return Math.exp(-d * d / (2 * 2.0 * 2.0));
	}

	/** An index drawn with probability proportional to its weight. */
	public static int draw(SplittableRandom random, double[] weights) {
		double total = Arrays.stream(weights).sum();
		double u = random.nextDouble() * total;
		for (int i = 0; i < weights.length; i++) {
			u -= weights[i];
			if (u < 0) {
				return i;
			}
		}
		return weights.length - 1;
	}

	/** A standard normal draw (Box–Muller). */
	public static double gaussian(SplittableRandom random) {
		double u1 = Math.max(1e-12, random.nextDouble());
		return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random.nextDouble());
	}

}
