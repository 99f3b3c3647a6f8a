package dev.kairos.bench.eval;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Item-to-item co-occurrence: two items co-occur when one user took both (within the
 * user's last {@value #HISTORY} items). A candidate scores the sum of its co-occurrences
 * with the user's last {@value #HISTORY} items; popularity (how often it was taken)
 * breaks ties and fills the slate for a user without history. Which events count as
 * "taken" is set: clicks, purchases and views (item-to-item), or views only
 * (viewed-together).
 */
final class CoOccurrenceLearner extends CatalogueLearner {

	static final int HISTORY = 10;

	private final Set<EventType> taken;

	private final Map<String, Map<String, Integer>> together = new HashMap<>();

	private final Map<String, Deque<String>> recent = new HashMap<>();

	private final Map<String, Integer> popularity = new HashMap<>();

	/** Co-occurrence of clicks, purchases and views. */
	static CoOccurrenceLearner itemToItem(long seed) {
		return new CoOccurrenceLearner("item-to-item", Set.of(EventType.CLICK, EventType.PURCHASE, EventType.VIEW),
				seed);
	}

	/**
	 * Co-occurrence of views only: the items viewed together with what the user viewed.
	 */
	static CoOccurrenceLearner viewedTogether(long seed) {
		return new CoOccurrenceLearner("viewed-together", Set.of(EventType.VIEW), seed);
	}

	private CoOccurrenceLearner(String name, Set<EventType> taken, long seed) {
		super(name, seed);
		this.taken = taken;
	}

	@Override
	protected List<String> rank(Request request, List<String> candidates) {
		return top(candidates, scores(request.userId(), candidates), request.count());
	}

	/**
	 * Each candidate's score for the user: its co-occurrences with the user's latest
	 * items, plus its popularity relative to the most popular item's (below 1).
	 */
	double[] scores(String userId, List<String> candidates) {
		Deque<String> history = this.recent.getOrDefault(userId, new ArrayDeque<>());
		Map<String, Double> related = new HashMap<>();
		for (String seen : history) {
			this.together.getOrDefault(seen, Map.of())
				.forEach((other, n) -> related.merge(other, (double) n, Double::sum));
		}
		double maxPopularity = 1 + this.popularity.values().stream().mapToInt(Integer::intValue).max().orElse(0);
		double[] scores = new double[candidates.size()];
		for (int i = 0; i < scores.length; i++) {
			String id = candidates.get(i);
			scores[i] = related.getOrDefault(id, 0.0) + this.popularity.getOrDefault(id, 0) / maxPopularity;
		}
		return scores;
	}

	@Override
	protected void learn(Event event) {
		if (!this.taken.contains(event.type())) {
			return;
		}
		String item = event.itemId();
		this.popularity.merge(item, 1, Integer::sum);
		Deque<String> history = this.recent.computeIfAbsent(event.userId(), (u) -> new ArrayDeque<>());
		for (String seen : history) {
			if (!seen.equals(item)) {
				this.together.computeIfAbsent(seen, (s) -> new HashMap<>()).merge(item, 1, Integer::sum);
				this.together.computeIfAbsent(item, (s) -> new HashMap<>()).merge(seen, 1, Integer::sum);
			}
		}
		history.remove(item);
		history.addFirst(item);
		while (history.size() > HISTORY) {
			history.removeLast();
		}
	}

}
