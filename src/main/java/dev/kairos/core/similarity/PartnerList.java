package dev.kairos.core.similarity;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One item's co-occurrence partners with their forward-decayed log-sums, capped by
 * Space-Saving (Metwally, Agrawal, El Abbadi, "Efficient Computation of Frequent and
 * Top-k Elements in Data Streams", ICDT 2005): a newcomer to a full list takes the
 * weakest partner's place and its count, plus its own increment. Counts are log-sums, so
 * "plus" is a log-sum-exp ({@code m + log(1 + exp(min - m))}, the form the stored lists
 * were written with). The weakest is the lowest log-sum, and of equal ones the first
 * partner in byte order (unsigned UTF-8), the order a Redis sorted set gives.
 *
 * <p>
 * The list remembers what changed since {@link #clearChanges()}: the partners whose
 * log-sum changed and those pushed out, so that a store writes only those. Not
 * thread-safe.
 */
public final class PartnerList {

	private final int capacity;

	private final Map<String, Double> logSums;

	private final Map<String, Double> changed = new HashMap<>();

	private final Set<String> removed = new HashSet<>();

	/**
	 * A list as stored.
	 * @param capacity the most partners kept, ≥ 1; a stored list above it (a lower cap
	 * than it was written with) keeps its size, each newcomer replacing one partner
	 * @param stored partner → log-sum
	 */
	public PartnerList(int capacity, Map<String, Double> stored) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
		}
		this.capacity = capacity;
		this.logSums = new HashMap<>(Math.max(16, (int) (Math.max(capacity, stored.size()) / 0.75f) + 1));
		this.logSums.putAll(stored);
	}

	/** An empty list. */
	public PartnerList(int capacity) {
		this(capacity, Map.of());
	}

	/**
	 * Adds an increment to a partner's log-sum; a newcomer to a full list replaces the
	 * weakest partner and starts from its log-sum.
	 * @param partner the partner
	 * @param logIncrement the log of the increment (forward-decayed), finite
	 */
	public void add(String partner, double logIncrement) {
		Double current = this.logSums.get(partner);
		double value;
		if (current != null) {
			value = logAddExp(current, logIncrement);
		}
		else if (this.logSums.size() < this.capacity) {
			value = logIncrement;
		}
		else {
			String weakest = weakest();
			double least = this.logSums.remove(weakest);
			this.changed.remove(weakest);
			this.removed.add(weakest);
			value = logAddExp(least, logIncrement);
		}
		this.logSums.put(partner, value);
		this.changed.put(partner, value);
		this.removed.remove(partner);
	}

	/** The partners and their log-sums (a read-only view). */
	public Map<String, Double> partners() {
		return Collections.unmodifiableMap(this.logSums);
	}

	/**
	 * The partners whose log-sum changed since the last {@link #clearChanges()}, with
	 * their log-sums now; a partner pushed out and added again is among them.
	 */
	public Map<String, Double> changed() {
		return Collections.unmodifiableMap(this.changed);
	}

	/** The partners pushed out since the last {@link #clearChanges()} (and not back). */
	public Set<String> removed() {
		return Collections.unmodifiableSet(this.removed);
	}

	/** Forgets the changes (once they are stored). */
	public void clearChanges() {
		this.changed.clear();
		this.removed.clear();
	}

	/** A copy of the partners, in no particular order. */
	public Map<String, Double> snapshot() {
		return new LinkedHashMap<>(this.logSums);
	}

	/** The weakest partner: the lowest log-sum, of equal ones the first in byte order. */
	private String weakest() {
		String weakest = null;
		double least = Double.POSITIVE_INFINITY;
		for (Map.Entry<String, Double> entry : this.logSums.entrySet()) {
			double v = entry.getValue();
			if (weakest == null || v < least || (v == least && before(entry.getKey(), weakest))) {
				weakest = entry.getKey();
				least = v;
			}
		}
		return weakest;
	}

	/** Whether a comes before b in unsigned byte order of their UTF-8 (memcmp). */
	static boolean before(String a, String b) {
		return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)) < 0;
	}

	/** log(exp(a) + exp(b)), as {@code m + log(1 + exp(min - m))}. */
	static double logAddExp(double a, double b) {
		double m = Math.max(a, b);
		return m + Math.log(1 + Math.exp(Math.min(a, b) - m));
	}

}
