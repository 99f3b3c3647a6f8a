package dev.kairos.core.similarity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.kairos.core.stats.ForwardDecay;

/**
 * Item-to-item similarity learned online from co-occurrence: two items are similar when
 * the same users interact with both within a short span, recently, more often than their
 * popularity alone explains.
 *
 * <p>
 * When a user interacts with item {@code j} (weight {@code w}: a click, a purchase, a
 * view, as the caller weighs them) and their recent items are {@code H}, the counts move
 * by {@code N(j) += w} and, for every {@code i ∈ H, i ≠ j}, {@code C(i,j) += w} and
 * {@code C(j,i) += w}. Both are forward-decayed sums ({@link ForwardDecay}): an old
 * co-occurrence fades with the half-life. The similarity is the cosine of the two items'
 * (decayed, weighted) user-occurrence vectors under the usual binary approximation,
 * damped for thin evidence:
 *
 * <pre>
 * sim(i, j) = C(i,j) / sqrt(N(i) · N(j)) · C(i,j) / (C(i,j) + β)
 * </pre>
 *
 * The first factor is item-based collaborative filtering's cosine (Sarwar et al., "Item-
 * Based Collaborative Filtering Recommendation Algorithms", WWW 2001; Linden, Smith,
 * York, "Amazon.com Recommendations: Item-to-Item Collaborative Filtering", 2003): a
 * best-seller that co-occurs with everything is divided by its own count. The second is a
 * shrinkage toward 0 by {@code β} co-occurrences (Koren's shrunk similarity), so that one
 * shared user does not make two rare items each other's nearest. Deviation: counts are
 * time-decayed rather than all-time, and each item keeps only its {@code maxPartners}
 * strongest partners (the weakest is evicted), which bounds memory by
 * {@code items × maxPartners} as the Redis layout does.
 *
 * <p>
 * Not thread-safe; the worker owns one instance per partition, or the state lives in
 * Redis with the same arithmetic.
 */
public final class ItemCoOccurrence {

	private final ForwardDecay decay;

	private final int maxPartners;

	private final double shrinkage;

	/** Item → its decayed occurrence log-sum N. */
	private final Map<String, Double> occurrences = new HashMap<>();

	/** Item → partner → decayed co-occurrence log-sum C. */
	private final Map<String, Map<String, Double>> partners = new HashMap<>();

	/**
	 * @param decay the half-life of the counts
	 * @param maxPartners how many partners an item keeps, ≥ 1
	 * @param shrinkage {@code β}, ≥ 0: co-occurrences at which the damping halves the
	 * cosine
	 */
	public ItemCoOccurrence(ForwardDecay decay, int maxPartners, double shrinkage) {
		this.decay = Objects.requireNonNull(decay, "decay");
		if (maxPartners < 1) {
			throw new IllegalArgumentException("maxPartners must be at least 1: " + maxPartners);
		}
		if (!(shrinkage >= 0) || Double.isInfinite(shrinkage)) {
			throw new IllegalArgumentException("shrinkage must be non-negative and finite: " + shrinkage);
		}
		this.maxPartners = maxPartners;
		this.shrinkage = shrinkage;
	}

	/**
	 * Counts an interaction.
	 * @param itemId the item interacted with
	 * @param recentItems the user's recent items before it (duplicates and the item
	 * itself are ignored)
	 * @param weight the interaction's weight, positive and finite
	 * @param atMillis when it happened
	 */
	public void observe(String itemId, Collection<String> recentItems, double weight, long atMillis) {
		Objects.requireNonNull(itemId, "itemId");
		double increment = this.decay.add(ForwardDecay.EMPTY, weight, atMillis);
		this.occurrences.merge(itemId, increment, ForwardDecay::merge);
		for (String partner : new LinkedHashSet<>(recentItems)) {
			if (partner == null || partner.equals(itemId)) {
				continue;
			}
			add(itemId, partner, increment);
			add(partner, itemId, increment);
		}
	}

	private void add(String item, String partner, double logIncrement) {
		Map<String, Double> row = this.partners.computeIfAbsent(item, (k) -> new HashMap<>());
		Double current = row.get(partner);
		if (current != null || row.size() < this.maxPartners) {
			row.put(partner, ForwardDecay.merge((current != null) ? current : ForwardDecay.EMPTY, logIncrement));
			return;
		}
		// full: Space-Saving (Metwally, Agrawal, El Abbadi, "Efficient Computation of
		// Frequent and Top-k Elements in Data Streams", ICDT 2005) — the newcomer takes
		// the weakest partner's place and count, so a partner that keeps co-occurring
		// gets in and one that stopped falls out; counts are over-estimated by at most
		// the evicted count. Among equal counts the smallest id goes, as Redis's ZRANGE
		// orders them, so that the state does not depend on hash order.
		String weakest = null;
		double weakestValue = Double.POSITIVE_INFINITY;
		for (Map.Entry<String, Double> e : row.entrySet()) {
			if (e.getValue() < weakestValue || (e.getValue() == weakestValue && e.getKey().compareTo(weakest) < 0)) {
				weakest = e.getKey();
				weakestValue = e.getValue();
			}
		}
		row.remove(weakest);
		row.put(partner, ForwardDecay.merge(weakestValue, logIncrement));
	}

	/**
	 * The similarity of two items at a time, in [0, 1).
	 */
	public double similarity(String a, String b, long atMillis) {
		Map<String, Double> row = this.partners.get(a);
		Double co = (row == null) ? null : row.get(b);
		if (co == null) {
			return 0;
		}
		return score(co, a, b, atMillis);
	}

	private double score(double coLogSum, String a, String b, long atMillis) {
		double co = this.decay.valueAt(coLogSum, atMillis);
		double na = this.decay.valueAt(this.occurrences.getOrDefault(a, ForwardDecay.EMPTY), atMillis);
		double nb = this.decay.valueAt(this.occurrences.getOrDefault(b, ForwardDecay.EMPTY), atMillis);
		return similarity(co, na, nb, this.shrinkage);
	}

	/**
	 * The shrunk cosine of decayed counts.
	 * @param coOccurrence {@code C(i,j)}
	 * @param occurrencesA {@code N(i)}
	 * @param occurrencesB {@code N(j)}
	 * @param shrinkage {@code β}
	 * @return the similarity, 0 when any count is 0
	 */
	public static double similarity(double coOccurrence, double occurrencesA, double occurrencesB, double shrinkage) {
		if (!(coOccurrence > 0) || !(occurrencesA > 0) || !(occurrencesB > 0)) {
			return 0;
		}
		// C ≤ min(N_a, N_b) when every co-occurrence is also an occurrence; clamp in case
		// the counts were kept apart (a co-occurrence counted for a partner whose
		// occurrences have since been capped away)
		double cosine = Math.min(1, coOccurrence / Math.sqrt(occurrencesA * occurrencesB));
		return cosine * coOccurrence / (coOccurrence + shrinkage);
	}

	/**
	 * The similarity from stored log-sums ({@link ForwardDecay}), as the Redis layout
	 * keeps them: the co-occurrence and both items' occurrences.
	 * @param coLogSum {@code C(i,j)}'s log-sum
	 * @param occurrenceLogSumA {@code N(i)}'s log-sum
	 * @param occurrenceLogSumB {@code N(j)}'s log-sum
	 * @param decay the decay all three were kept with
	 * @param atMillis the time to read at
	 * @param shrinkage {@code β}
	 */
	public static double similarity(double coLogSum, double occurrenceLogSumA, double occurrenceLogSumB,
			ForwardDecay decay, long atMillis, double shrinkage) {
		return similarity(decay.valueAt(coLogSum, atMillis), decay.valueAt(occurrenceLogSumA, atMillis),
				decay.valueAt(occurrenceLogSumB, atMillis), shrinkage);
	}

	/**
	 * An item's most similar items.
	 * @param itemId the item
	 * @param count how many, ≥ 0
	 * @param atMillis the time to read the decayed counts at
	 * @return the most similar first (ties by item id); empty for an item never seen with
	 * another
	 */
	public List<Similar> similar(String itemId, int count, long atMillis) {
		Map<String, Double> row = this.partners.get(itemId);
		if (row == null || count <= 0) {
			return List.of();
		}
		List<Similar> all = new ArrayList<>(row.size());
		row.forEach((partner, co) -> all
			.add(new Similar(partner, score(co, itemId, partner, atMillis), this.decay.valueAt(co, atMillis))));
		all.sort(Similar.ORDER);
		return List.copyOf(all.subList(0, Math.min(count, all.size())));
	}

	/** How many items have occurrences. */
	public int items() {
		return this.occurrences.size();
	}

	/**
	 * One similar item.
	 *
	 * @param itemId the item
	 * @param score its similarity
	 * @param coOccurrence the decayed co-occurrence behind it
	 */
	public record Similar(String itemId, double score, double coOccurrence) {

		/** Most similar first, then by item id. */
		public static final Comparator<Similar> ORDER = Comparator.comparingDouble(Similar::score)
			.reversed()
			.thenComparing(Similar::itemId);

	}

}
