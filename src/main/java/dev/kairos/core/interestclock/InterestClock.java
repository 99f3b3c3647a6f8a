package dev.kairos.core.interestclock;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One user's (or the whole population's) Interest Clock, after Zhu et al., "Interest
 * Clock: Time Perception in Real-Time Streaming Recommendation System", SIGIR 2024: per
 * category, 24 hourly buckets of preference mass. A reward at hour {@code h} goes into
 * bucket {@code floor(h)}; the preference at hour {@code h} is the Gaussian-weighted sum
 * of all buckets ({@link HourKernel}), so interest at 09:00 also shows at 08:00 and 10:00
 * and wraps around midnight.
 *
 * <p>
 * Mass decays exponentially with {@link InterestClockParameters#halfLife()}, applied
 * lazily: the clock keeps the time of its last update, an update first decays every
 * bucket to {@code now}, and a read applies the decay to {@code now} without changing the
 * clock.
 *
 * <p>
 * Deviations from the paper: the paper learns clock features inside a ranking model; here
 * the clock is a standalone statistic whose reads feed ranking. Rewards are signed
 * (negative rewards lower the bucket), weighted by the parameters. Only
 * {@code maxCategories} categories are kept: when a new category would exceed it, the
 * category with the smallest total mass (ties: the first by name) among the others is
 * evicted, so a fresh signal always gets in. An update whose {@code now} is earlier than
 * the last update (an event arriving late) is added with its reward decayed by how late
 * it is, and never decays the clock backwards. The user's amount of history, for
 * {@link #blend(InterestClock, InterestClock, double)}, is the number of updates.
 *
 * <p>
 * Not thread-safe; one instance per user per request, loaded and stored through
 * {@link InterestClockCodec}.
 */
public final class InterestClock {

	private final InterestClockParameters parameters;

	/**
	 * Category to 24 buckets of mass as of {@link #lastUpdateMillis}; sorted so output is
	 * stable.
	 */
	private final TreeMap<String, double[]> buckets = new TreeMap<>();

	private long lastUpdateMillis;

	private long events;

	/** An empty clock. */
	public InterestClock(InterestClockParameters parameters) {
		this.parameters = Objects.requireNonNull(parameters, "parameters");
	}

	/** Restores a clock from stored state; used by the codec. */
	InterestClock(InterestClockParameters parameters, Map<String, double[]> buckets, long lastUpdateMillis,
			long events) {
		this(parameters);
		buckets.forEach((category, mass) -> this.buckets.put(category, mass.clone()));
		this.lastUpdateMillis = lastUpdateMillis;
		this.events = events;
		while (this.buckets.size() > parameters.maxCategories()) {
			this.buckets.remove(weakestExcept(null));
		}
	}

	public InterestClockParameters parameters() {
		return this.parameters;
	}

	/** The time of the latest update, epoch millis (0 for a new clock). */
	public long lastUpdateMillis() {
		return this.lastUpdateMillis;
	}

	/**
	 * The number of positive rewards this clock has taken: its amount of history of what
	 * the user likes (negative rewards, such as impressions not taken, shape it without
	 * counting as history).
	 */
	public long events() {
		return this.events;
	}

	/** The categories held, sorted by name. */
	public Set<String> categories() {
		return Collections.unmodifiableSet(this.buckets.keySet());
	}

	/** The fractional hour of day of {@code instant} in {@code zone}, in [0, 24). */
	public static double hourOfDay(Instant instant, ZoneId zone) {
		LocalTime time = instant.atZone(zone).toLocalTime();
		return time.toNanoOfDay() / 3_600_000_000_000.0;
	}

	/**
	 * Records a reward for a category at an hour of day.
	 * @param category the category, not null
	 * @param hourOfDay the hour the user acted, wrapped into [0, 24); its bucket is
	 * {@code floor(hourOfDay)}
	 * @param reward the reward, finite: positive for interest (a click), negative against
	 * @param nowMillis the current time, epoch millis
	 * @throws IllegalArgumentException if the hour or reward is not finite
	 */
	public void update(String category, double hourOfDay, double reward, long nowMillis) {
		Objects.requireNonNull(category, "category");
		if (!Double.isFinite(reward)) {
			throw new IllegalArgumentException("reward must be finite: " + reward);
		}
		int bucket = (int) Math.floor(HourKernel.wrap(hourOfDay));
		double weighted = reward
				* ((reward >= 0.0) ? this.parameters.positiveRewardWeight() : this.parameters.negativeRewardWeight());
		if (nowMillis >= this.lastUpdateMillis) {
			double factor = this.parameters.decayFactor(this.lastUpdateMillis, nowMillis);
			if (factor != 1.0) {
				for (double[] mass : this.buckets.values()) {
					for (int j = 0; j < HourKernel.HOURS; j++) {
						mass[j] *= factor;
					}
				}
			}
			this.lastUpdateMillis = nowMillis;
		}
		else {
			weighted *= this.parameters.decayFactor(nowMillis, this.lastUpdateMillis);
		}
		double[] mass = this.buckets.computeIfAbsent(category, (key) -> new double[HourKernel.HOURS]);
		mass[bucket] += weighted;
		if (reward > 0) {
			this.events++;
		}
		if (this.buckets.size() > this.parameters.maxCategories()) {
			this.buckets.remove(weakestExcept(category));
		}
	}

	/** Records a reward at the hour of day of {@code eventTime} in {@code zone}. */
	public void update(String category, Instant eventTime, ZoneId zone, double reward, long nowMillis) {
		update(category, hourOfDay(eventTime, zone), reward, nowMillis);
	}

	private String weakestExcept(String kept) {
		String weakest = null;
		double weakestMass = Double.POSITIVE_INFINITY;
		for (Map.Entry<String, double[]> entry : this.buckets.entrySet()) {
			if (entry.getKey().equals(kept)) {
				continue;
			}
			double total = 0.0;
			for (double m : entry.getValue()) {
				total += m;
			}
			// strict: on ties the first by name stays the candidate
			if (total < weakestMass) {
				weakest = entry.getKey();
				weakestMass = total;
			}
		}
		return weakest;
	}

	/**
	 * The 24 buckets of a category decayed to {@code nowMillis} (a copy; zeros if
	 * absent).
	 */
	public double[] buckets(String category, long nowMillis) {
		double[] mass = this.buckets.get(category);
		double[] copy = new double[HourKernel.HOURS];
		if (mass != null) {
			double factor = this.parameters.decayFactor(this.lastUpdateMillis, nowMillis);
			for (int j = 0; j < HourKernel.HOURS; j++) {
				copy[j] = mass[j] * factor;
			}
		}
		return copy;
	}

	/** The raw stored buckets, for the codec. */
	Map<String, double[]> storedBuckets() {
		return Collections.unmodifiableMap(this.buckets);
	}

	/**
	 * The preference for a category at an hour: {@code sum_j w(h, j) bucket_j} with the
	 * buckets decayed to {@code nowMillis} and {@link HourKernel} weights; 0 for an
	 * unknown category.
	 * @param hour the hour of day, fractional allowed, wrapped into [0, 24)
	 */
	public double preference(String category, double hour, long nowMillis) {
		double[] mass = this.buckets.get(category);
		if (mass == null) {
			return 0.0;
		}
		return smooth(mass, HourKernel.weights(hour, this.parameters.sigmaHours()))
				* this.parameters.decayFactor(this.lastUpdateMillis, nowMillis);
	}

	/**
	 * The preference for a category read with kernel weights the caller computed once
	 * ({@link HourKernel#weights}) and without the clock's decay since its last update: a
	 * common factor of all its categories, which a relative reading (such as the ratio to
	 * the clock's peak) cancels. No array is copied.
	 */
	public double undecayedPreference(String category, double[] weights) {
		double[] mass = this.buckets.get(category);
		return (mass != null) ? smooth(mass, weights) : 0.0;
	}

	private static double smooth(double[] mass, double[] weights) {
		double sum = 0.0;
		for (int j = 0; j < HourKernel.HOURS; j++) {
			sum += weights[j] * mass[j];
		}
		return sum;
	}

	/** Every category's preference at an hour, sorted by name. */
	public Map<String, Double> preferences(double hour, long nowMillis) {
		double[] weights = HourKernel.weights(hour, this.parameters.sigmaHours());
		double factor = this.parameters.decayFactor(this.lastUpdateMillis, nowMillis);
		Map<String, Double> preferences = new LinkedHashMap<>();
		this.buckets.forEach((category, mass) -> preferences.put(category, smooth(mass, weights) * factor));
		return preferences;
	}

	/**
	 * A probability distribution over categories at an hour: the positive part of each
	 * preference, normalised to sum to 1
	 * ({@code p_c = max(pref_c, 0) / sum max(pref, 0)}). Unlike a softmax it does not
	 * depend on the scale of the mass, so clocks of different amounts of history (a
	 * user's and the global one) can be mixed. Categories without positive preference are
	 * left out; the map is empty when none has any. Sorted by name.
	 */
	public Map<String, Double> distribution(double hour, long nowMillis) {
		Map<String, Double> positive = new LinkedHashMap<>();
		double total = 0.0;
		for (Map.Entry<String, Double> entry : preferences(hour, nowMillis).entrySet()) {
			if (entry.getValue() > 0.0) {
				positive.put(entry.getKey(), entry.getValue());
				total += entry.getValue();
			}
		}
		double sum = total;
		positive.replaceAll((category, preference) -> preference / sum);
		return Collections.unmodifiableMap(positive);
	}

	/**
	 * The {@code n} categories of highest positive preference at an hour, best first,
	 * ties by name; categories with preference &le; 0 are not interests and are left out.
	 */
	public List<CategoryScore> topCategories(double hour, long nowMillis, int n) {
		return top(preferences(hour, nowMillis), n);
	}

	static List<CategoryScore> top(Map<String, Double> scores, int n) {
		if (n < 0) {
			throw new IllegalArgumentException("n must be >= 0: " + n);
		}
		List<CategoryScore> ranked = new ArrayList<>();
		scores.forEach((category, score) -> {
			if (score > 0.0) {
				ranked.add(new CategoryScore(category, score));
			}
		});
		ranked.sort(Comparator.comparingDouble(CategoryScore::score).reversed().thenComparing(CategoryScore::category));
		return List.copyOf(ranked.subList(0, Math.min(n, ranked.size())));
	}

	/**
	 * The user's clock with the global clock as prior: the user's weight is
	 * {@code n / (n + k)} with {@code n = user.events()} and {@code k = priorStrength},
	 * so after {@code k} events the user and the population count equally.
	 * @param priorStrength {@code k}, finite and &ge; 0 (0 ignores the global clock)
	 */
	public static InterestBlend blend(InterestClock user, InterestClock global, double priorStrength) {
		return new InterestBlend(user, global, priorStrength);
	}

}
