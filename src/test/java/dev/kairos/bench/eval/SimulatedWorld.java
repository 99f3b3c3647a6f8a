package dev.kairos.bench.eval;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import dev.kairos.bench.eval.WorldSpec.Drift;
import dev.kairos.bench.eval.WorldSpec.TimeOfDay;
import dev.kairos.bench.sim.World;

/**
 * A simulated world with its hidden ground truth, drawn from a {@link WorldSpec} and a
 * seed. Generalizes the simulator's {@code bench.sim.World}: with {@link Worlds#DEFAULT}
 * and the same seed it draws the same items, users and click probabilities (checked by
 * {@code DefaultWorldTest}).
 *
 * <p>
 * User {@code u}'s interest in category {@code c} at request {@code r} (time {@code t}):
 * {@code s_A(t)·((1 − λ_r)·[c = A_u] + λ_r·[c = A'_u]) + s_B(t)·[c = B_u] + 0.15·[c = S_u]},
 * where {@code A} is the main category (after the drift {@code A'}; {@code λ} steps from
 * 0 to 1 at the drift, or rises linearly over its span), {@code B} the second and
 * {@code S} a steady one. {@code s_A, s_B}: with no time of day 1 and 0.5; with day-parts
 * circular Gaussians of width 2 h around 09:00 and 20:00 (moved by the user's jitter);
 * weekday/weekend: 1 on weekdays (A) or at weekends (B), else 0.
 *
 * <p>
 * Click probability in position p (from 0):
 * {@code ((1 − n)·sigmoid(−3.5 + 4·interest + w_q·quality_i + w_a·affinity_ui + w_c·appeal_c(r)) + n·0.05) / log2(p + 2)^b},
 * 0 for an item the user clicked before (consumed). {@code appeal_c} is +1 for the hot
 * half of the categories and −1 for the others; with {@link Drift#CATEGORY_FLIP} it
 * changes sign at the drift.
 */
public final class SimulatedWorld {

	/** The first request's time: Monday 2 November 2026, 00:00 UTC (fixed, no clock). */
	public static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

	static final double STEADY_INTEREST = 0.15;

	static final double MORNING_PEAK = 9;

	static final double EVENING_PEAK = 20;

	private final WorldSpec spec;

	private final long seed;

	private final int requests;

	private final long stepMillis;

	final int[] itemCategory;

	final double[] quality;

	final int[] arrival;

	final int[] main;

	final int[] second;

	final int[] steady;

	final int[] mainAfterDrift;

	private final double[] jitterMain;

	private final double[] jitterSecond;

	/** Each category's appeal to everyone before a flip: +1 (hot) or −1. */
	private final double[] appeal;

	/** Cumulative draw weights of users ({@code activitySkew > 0}), else null. */
	private final double[] userCdf;

	private final BitSet[] consumed;

	private final int driftRequest;

	private final int driftEnd;

	public SimulatedWorld(WorldSpec spec, long seed, int requests) {
		this.spec = spec;
		this.seed = seed;
		this.requests = requests;
		this.stepMillis = spec.days() * 86_400_000L / requests;
		this.driftRequest = spec.driftRequest(requests);
		this.driftEnd = this.driftRequest + (int) Math.round(spec.driftSpan() * requests);
		// the draws of bench.sim.World, in its order, so that the default world is the
		// same
		SplittableRandom random = new SplittableRandom(seed);
		int categories = spec.categories();
		int items = spec.initialItems() + spec.newItems();
		this.itemCategory = new int[items];
		this.quality = new double[items];
		this.arrival = new int[items];
		for (int i = 0; i < items; i++) {
			this.itemCategory[i] = random.nextInt(categories);
			this.quality[i] = World.gaussian(random);
			this.arrival[i] = (i < spec.initialItems()) ? 0
					: 1 + (int) ((long) (i - spec.initialItems()) * requests / spec.newItems());
		}
		int users = spec.users();
		this.main = new int[users];
		this.second = new int[users];
		this.steady = new int[users];
		this.mainAfterDrift = new int[users];
		this.consumed = new BitSet[users];
		double[] ranked = new double[categories];
		for (int c = 0; c < categories; c++) {
			ranked[c] = Math.pow(c + 1, -spec.categorySkew());
		}
		// users' interests drift only with ABRUPT and GRADUAL
		double driftShare = (spec.drift() == Drift.ABRUPT || spec.drift() == Drift.GRADUAL) ? spec.driftShare() : 0;
		for (int u = 0; u < users; u++) {
			if (spec.categorySkew() == 0) {
				this.main[u] = random.nextInt(categories);
				this.second[u] = (this.main[u] + 1 + random.nextInt(categories - 1)) % categories;
			}
			else {
				this.main[u] = World.draw(random, ranked);
				do {
					this.second[u] = (World.draw(random, ranked) + categories / 2) % categories;
				}
				while (this.second[u] == this.main[u]);
			}
			this.steady[u] = random.nextInt(categories);
			this.consumed[u] = new BitSet(items);
			this.mainAfterDrift[u] = (random.nextDouble() < driftShare)
					? (this.main[u] + 1 + random.nextInt(categories - 1)) % categories : this.main[u];
		}
		// what bench.sim.World does not have, from a stream of its own
		SplittableRandom extra = new SplittableRandom(seed ^ 0x5DEECE66DL);
		this.jitterMain = new double[users];
		this.jitterSecond = new double[users];
		if (spec.jitterHours() > 0) {
			for (int u = 0; u < users; u++) {
				this.jitterMain[u] = (2 * extra.nextDouble() - 1) * spec.jitterHours();
				this.jitterSecond[u] = (2 * extra.nextDouble() - 1) * spec.jitterHours();
			}
		}
		// the categories' appeal, from a stream of its own again, so that the other
		// worlds
		// draw what they drew before
		this.appeal = new double[categories];
		if (spec.categoryAppeal() > 0) {
			SplittableRandom appealRandom = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
			int[] order = new int[categories];
			for (int c = 0; c < categories; c++) {
				order[c] = c;
			}
			for (int c = categories - 1; c > 0; c--) {
				int k = appealRandom.nextInt(c + 1);
				int t = order[c];
				order[c] = order[k];
				order[k] = t;
			}
			for (int k = 0; k < categories; k++) {
				this.appeal[order[k]] = (k < categories / 2) ? 1 : -1;
			}
		}
		if (spec.activitySkew() > 0) {
			this.userCdf = new double[users];
			double sum = 0;
			for (int u = 0; u < users; u++) {
				sum += Math.pow(u + 1, -spec.activitySkew());
				this.userCdf[u] = sum;
			}
		}
		else {
			this.userCdf = null;
		}
	}

	public WorldSpec spec() {
		return this.spec;
	}

	public int requests() {
		return this.requests;
	}

	public int users() {
		return this.spec.users();
	}

	public int itemCount() {
		return this.quality.length;
	}

	public int slateSize() {
		return this.spec.slateSize();
	}

	public static String itemId(int item) {
		return "item-" + item;
	}

	public static String userId(int user) {
		return "user-" + user;
	}

	/** The item's number, or -1 if the id is not one of this world's items. */
	public int itemIndex(String itemId) {
		if (itemId == null || !itemId.startsWith("item-")) {
			return -1;
		}
		try {
			int i = Integer.parseInt(itemId.substring(5));
			return (i >= 0 && i < itemCount()) ? i : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	public String category(int item) {
		return "cat" + this.itemCategory[item];
	}

	public int arrival(int item) {
		return this.arrival[item];
	}

	/** The time of request r. */
	public Instant at(int request) {
		return START.plusMillis(request * this.stepMillis);
	}

	public int driftRequest() {
		return (this.spec.drift() == Drift.NONE) ? -1 : this.driftRequest;
	}

	/** The next visitor, drawn as the world's activity skew says. */
	public int drawUser(SplittableRandom random) {
		if (this.userCdf == null) {
			return random.nextInt(this.spec.users());
		}
		double u = random.nextDouble() * this.userCdf[this.userCdf.length - 1];
		int index = Arrays.binarySearch(this.userCdf, u);
		return Math.min(this.userCdf.length - 1, (index >= 0) ? index + 1 : -index - 1);
	}

	/** How far the drifting users have moved to their new main category at request r. */
	double driftProgress(int request) {
		return switch (this.spec.drift()) {
			case NONE -> 0;
			case ABRUPT, CATEGORY_FLIP -> (request >= this.driftRequest) ? 1 : 0;
			case GRADUAL -> Math.max(0,
					Math.min(1, (request - this.driftRequest + 1.0) / Math.max(1, this.driftEnd - this.driftRequest)));
		};
	}

	/** The last request whose time was looked up, its hour of day and weekend flag. */
	private int timeOf = -1;

	private double hourOf;

	private boolean weekendOf;

	double interest(int user, int category, int request) {
		if (request != this.timeOf) {
			Instant at = at(request);
			this.hourOf = Math.floorMod(at.toEpochMilli(), 86_400_000L) / 3_600_000.0;
			DayOfWeek day = at.atZone(ZoneOffset.UTC).getDayOfWeek();
			this.weekendOf = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
			this.timeOf = request;
		}
		double hour = this.hourOf;
		double shapeMain;
		double shapeSecond;
		if (this.spec.timeOfDay() == TimeOfDay.NONE) {
			shapeMain = 1;
			shapeSecond = 0.5;
		}
		else if (this.spec.timeOfDay() == TimeOfDay.DAY_PARTS) {
			shapeMain = World.kernel(hour, MORNING_PEAK + this.jitterMain[user]);
			shapeSecond = World.kernel(hour, EVENING_PEAK + this.jitterSecond[user]);
		}
		else {
			boolean weekend = this.weekendOf;
			shapeMain = weekend ? 0 : 1;
			shapeSecond = weekend ? 1 : 0;
		}
		double lambda = driftProgress(request);
		double interest = 0;
		if (category == this.main[user]) {
			interest += shapeMain * ((this.mainAfterDrift[user] == this.main[user]) ? 1 : 1 - lambda);
		}
		if (category == this.mainAfterDrift[user] && this.mainAfterDrift[user] != this.main[user]) {
			interest += shapeMain * lambda;
		}
		if (category == this.second[user]) {
			interest += shapeSecond;
		}
		if (category == this.steady[user]) {
			interest += STEADY_INTEREST;
		}
		return interest;
	}

	/**
	 * Probability of a click on the item at the top of the slate at request r (before
	 * position bias); 0 for an item the user consumed.
	 */
	public double attraction(int user, int item, int request) {
		if (this.consumed[user].get(item)) {
			return 0;
		}
		double logit = -3.5 + 4 * interest(user, this.itemCategory[item], request)
				+ this.spec.qualityWeight() * this.quality[item];
		if (this.spec.affinityWeight() > 0) {
			logit += this.spec.affinityWeight() * affinity(user, item);
		}
		if (this.spec.categoryAppeal() > 0) {
			logit += this.spec.categoryAppeal() * appeal(this.itemCategory[item], request);
		}
		double p = 1 / (1 + Math.exp(-logit));
		return (1 - this.spec.clickNoise()) * p + this.spec.clickNoise() * 0.05;
	}

	/**
	 * The category's appeal to everyone at request r: +1 (hot) or −1, its sign flipped
	 * from the drift on with {@link Drift#CATEGORY_FLIP}; 0 without category appeal.
	 */
	double appeal(int category, int request) {
		boolean flipped = this.spec.drift() == Drift.CATEGORY_FLIP && request >= this.driftRequest;
		return flipped ? -this.appeal[category] : this.appeal[category];
	}

	/** The position discount of slot p (from 0). */
	public double positionBias(int position) {
		if (this.spec.positionBias() == 0) {
			return 1;
		}
		return Math.pow(Math.log(2) / Math.log(position + 2), this.spec.positionBias());
	}

	/** The user clicked the item: it is consumed and no longer attractive. */
	public void consume(int user, int item) {
		this.consumed[user].set(item);
	}

	public boolean consumed(int user, int item) {
		return this.consumed[user].get(item);
	}

	public List<Integer> activeAt(int request) {
		List<Integer> active = new ArrayList<>();
		for (int i = 0; i < this.arrival.length; i++) {
			if (this.arrival[i] <= request) {
				active.add(i);
			}
		}
		return active;
	}

	/**
	 * The oracle's slate (the active items of highest attraction, best first) and its
	 * expected clicks per slot.
	 */
	public Oracle oracle(int user, int request, List<Integer> active) {
		int k = Math.min(this.spec.slateSize(), active.size());
		int[] best = new int[k];
		double[] top = new double[k];
		Arrays.fill(top, -1);
		for (int item : active) {
			double a = attraction(user, item, request);
			if (a > top[k - 1]) {
				int p = k - 1;
				while (p > 0 && a > top[p - 1]) {
					top[p] = top[p - 1];
					best[p] = best[p - 1];
					p--;
				}
				top[p] = a;
				best[p] = item;
			}
		}
		double sum = 0;
		for (int p = 0; p < k; p++) {
			sum += Math.max(0, top[p]) * positionBias(p);
		}
		return new Oracle(best, sum / this.spec.slateSize());
	}

	/** The oracle's slate, best first, and its expected clicks per slot. */
	public record Oracle(int[] slate, double ctr) {
	}

	/**
	 * Expected clicks per slot of a uniformly random slate of the active items the user
	 * has not consumed.
	 */
	public double randomCtr(int user, int request, List<Integer> active) {
		double mean = 0;
		int available = 0;
		for (int item : active) {
			if (!this.consumed[user].get(item)) {
				mean += attraction(user, item, request);
				available++;
			}
		}
		mean /= Math.max(1, available);
		double bias = 0;
		for (int p = 0; p < this.spec.slateSize() && p < available; p++) {
			bias += positionBias(p);
		}
		return mean * bias / this.spec.slateSize();
	}

	/**
	 * The items the user views on their own before request r, each drawn (without
	 * replacement) in proportion to its attraction: none unless the world has organic
	 * browsing.
	 */
	public List<Integer> organicViews(int user, int request, List<Integer> active, SplittableRandom random) {
		double mean = this.spec.organicViews();
		if (mean <= 0) {
			return List.of();
		}
		int views = (int) mean + ((random.nextDouble() < mean - (int) mean) ? 1 : 0);
		double[] weights = new double[active.size()];
		for (int k = 0; k < weights.length; k++) {
			weights[k] = attraction(user, active.get(k), request);
		}
		List<Integer> viewed = new ArrayList<>(views);
		for (int v = 0; v < views; v++) {
			int k = World.draw(random, weights);
			viewed.add(active.get(k));
			weights[k] = 0;
		}
		return viewed;
	}

	/** A standard normal personal taste of the user for the item, fixed by the seed. */
	double affinity(int user, int item) {
		long h = mix(this.seed * 0x9E3779B97F4A7C15L + user * 0xBF58476D1CE4E5B9L + item);
		double u1 = Math.max(1e-12, ((h >>> 11) * 0x1.0p-53));
		double u2 = (mix(h) >>> 11) * 0x1.0p-53;
		return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
	}

	/** A uniform number in [0, 1) fixed by the seed, the request and the slot. */
	public double uniform(int request, int slot) {
		return (mix(this.seed * 0xD6E8FEB86659FD93L + request * 0x9E3779B97F4A7C15L + slot * 31L + 7) >>> 11)
				* 0x1.0p-53;
	}

	private static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

}
