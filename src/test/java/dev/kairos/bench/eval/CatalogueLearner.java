package dev.kairos.bench.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What every in-process baseline shares: the catalogue (items in arrival order, their
 * category), the items each user consumed (clicked or purchased, never recommended to
 * them again, as Kairos does), and a top-k by score with ties broken by item id.
 */
abstract class CatalogueLearner implements Learner {

	private final String name;

	protected final List<String> items = new ArrayList<>();

	protected final Map<String, String> categoryOf = new HashMap<>();

	private final Map<String, Set<String>> consumed = new HashMap<>();

	protected final SplittableRandom random;

	private long slates;

	protected CatalogueLearner(String name, long seed) {
		this.name = name;
		this.random = new SplittableRandom(seed);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public void addItems(List<Item> added) {
		for (Item item : added) {
			if (this.categoryOf.put(item.itemId(), item.category()) == null) {
				this.items.add(item.itemId());
			}
		}
	}

	@Override
	public Slate recommend(Request request) {
		List<String> candidates = candidates(request.userId());
		List<String> slate = rank(request, candidates);
		return new Slate(name() + "-" + (++this.slates), slate);
	}

	/** The slate from the candidates (the catalogue less what the user consumed). */
	protected abstract List<String> rank(Request request, List<String> candidates);

	@Override
	public void observe(List<Event> events) {
		for (Event event : events) {
			if (event.type().consumes()) {
				this.consumed.computeIfAbsent(event.userId(), (u) -> new HashSet<>()).add(event.itemId());
			}
			learn(event);
		}
	}

	/** Learns from one event (after the consumed set is updated). */
	protected abstract void learn(Event event);

	protected List<String> candidates(String userId) {
		Set<String> taken = this.consumed.getOrDefault(userId, Set.of());
		if (taken.isEmpty()) {
			return this.items;
		}
		List<String> candidates = new ArrayList<>(this.items.size());
		for (String item : this.items) {
			if (!taken.contains(item)) {
				candidates.add(item);
			}
		}
		return candidates;
	}

	/** The k candidates of highest score, ties broken by item id. */
	static List<String> top(List<String> candidates, double[] scores, int k) {
		int n = Math.min(k, candidates.size());
		List<Integer> best = new ArrayList<>(n + 1);
		for (int c = 0; c < candidates.size(); c++) {
			int p = best.size();
			while (p > 0 && better(candidates, scores, c, best.get(p - 1))) {
				p--;
			}
			if (p < n) {
				best.add(p, c);
				if (best.size() > n) {
					best.remove(n);
				}
			}
		}
		List<String> slate = new ArrayList<>(n);
		best.forEach((c) -> slate.add(candidates.get(c)));
		return slate;
	}

	private static boolean better(List<String> candidates, double[] scores, int a, int b) {
		if (scores[a] != scores[b]) {
			return scores[a] > scores[b];
		}
		return candidates.get(a).compareTo(candidates.get(b)) < 0;
	}

}
