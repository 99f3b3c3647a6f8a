package dev.kairos.core.similarity;

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

	/** The partners by slot; the first {@code size} slots are taken. */
	private String[] names;

	/** The log-sum of each slot's partner. */
	private double[] logSums;

	private int size;

	/** Partner → its slot. */
	private final Map<String, Integer> slots;

	private final Set<String> changed = new HashSet<>();

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
		int room = Math.max(capacity, stored.size());
		this.names = new String[Math.min(room, Math.max(16, stored.size()))];
		this.logSums = new double[this.names.length];
		this.slots = new HashMap<>(Math.max(16, (int) (room / 0.75f) + 1));
		stored.forEach(this::put);
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
		Integer slot = this.slots.get(partner);
		if (slot != null) {
			this.logSums[slot] = logAddExp(this.logSums[slot], logIncrement);
		}
		else if (this.size < this.capacity) {
			put(partner, logIncrement);
		}
		else {
			int weakest = weakest();
			String pushedOut = this.names[weakest];
			this.slots.remove(pushedOut);
			this.changed.remove(pushedOut);
			this.removed.add(pushedOut);
			this.names[weakest] = partner;
			this.logSums[weakest] = logAddExp(this.logSums[weakest], logIncrement);
			this.slots.put(partner, weakest);
		}
		this.changed.add(partner);
		this.removed.remove(partner);
	}

	private void put(String partner, double logSum) {
		if (this.size == this.names.length) {
			int grown = Math.max(this.capacity, this.size + 1);
			grown = Math.min(grown, Math.max(this.size + 1, 2 * this.size));
			this.names = Arrays.copyOf(this.names, grown);
			this.logSums = Arrays.copyOf(this.logSums, grown);
		}
		this.names[this.size] = partner;
		this.logSums[this.size] = logSum;
		this.slots.put(partner, this.size++);
	}

	/** The partners and their log-sums (a copy, in no particular order). */
	public Map<String, Double> partners() {
		Map<String, Double> partners = new LinkedHashMap<>();
		for (int i = 0; i < this.size; i++) {
			partners.put(this.names[i], this.logSums[i]);
		}
		return partners;
	}

	/**
	 * The partners whose log-sum changed since the last {@link #clearChanges()}, with
	 * their log-sums now; a partner pushed out and added again is among them.
	 */
	public Map<String, Double> changed() {
		Map<String, Double> changed = new LinkedHashMap<>();
		for (String partner : this.changed) {
			changed.put(partner, this.logSums[this.slots.get(partner)]);
		}
		return changed;
	}

	/**
	 * The partners pushed out since the last {@link #clearChanges()} and not back
	 * (including newcomers pushed out again).
	 */
	public Set<String> removed() {
		return Collections.unmodifiableSet(this.removed);
	}

	/** Forgets the changes (once they are stored). */
	public void clearChanges() {
		this.changed.clear();
		this.removed.clear();
	}

	/**
	 * The weakest partner's slot: the lowest log-sum, of equal ones the first in byte
	 * order.
	 */
	private int weakest() {
		int weakest = 0;
		double least = this.logSums[0];
		for (int i = 1; i < this.size; i++) {
			double v = this.logSums[i];
			if (v < least || (v == least && before(this.names[i], this.names[weakest]))) {
				weakest = i;
				least = v;
			}
		}
		return weakest;
	}

	/**
	 * Whether a comes before b in unsigned byte order of their UTF-8 (memcmp, then the
	 * shorter first), which is the order of their code points: UTF-16 order but for
	 * surrogates, which come after every other char of the basic plane.
	 */
	static boolean before(String a, String b) {
		int n = Math.min(a.length(), b.length());
		for (int k = 0; k < n; k++) {
			char x = a.charAt(k);
			char y = b.charAt(k);
			if (x != y) {
				return codePointOrder(x) < codePointOrder(y);
			}
		}
		return a.length() < b.length();
	}

	/** A char's place in code point order: surrogates after U+E000..U+FFFF. */
	private static int codePointOrder(char c) {
		if (c < 0xD800) {
			return c;
		}
		return (c <= 0xDFFF) ? c + 0x2000 : c - 0x800;
	}

	/** log(exp(a) + exp(b)), as {@code m + log(1 + exp(min - m))}. */
	static double logAddExp(double a, double b) {
		double m = Math.max(a, b);
		return m + Math.log(1 + Math.exp(Math.min(a, b) - m));
	}

}
