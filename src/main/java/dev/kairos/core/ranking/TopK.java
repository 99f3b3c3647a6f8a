package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The k best of n by partial selection: a bounded heap holding the k best seen so far,
 * whose worst is replaced by anything better, O(n log k) instead of a full sort's O(n log
 * n).
 */
public final class TopK {

	private TopK() {
	}

	/**
	 * The k best elements, best first.
	 * @param elements the elements
	 * @param k how many to keep, ≥ 0
	 * @param order best first; should be total (ties broken) so the result reproduces
	 */
	public static <T> List<T> of(Iterable<T> elements, int k, Comparator<? super T> order) {
		if (k <= 0) {
			return new ArrayList<>();
		}
		// a heap whose head is the worst of those kept
		PriorityQueue<T> kept = new PriorityQueue<>(Math.min(k, 1024) + 1, Collections.reverseOrder(order));
		for (T element : elements) {
			if (kept.size() < k) {
				kept.add(element);
			}
			else if (order.compare(element, kept.peek()) < 0) {
				kept.poll();
				kept.add(element);
			}
		}
		List<T> best = new ArrayList<>(kept);
		best.sort(order);
		return best;
	}

}
