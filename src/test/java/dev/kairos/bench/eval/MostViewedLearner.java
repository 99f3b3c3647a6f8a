package dev.kairos.bench.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Most-viewed by this user: the items the user viewed most often (organic views), then
 * the most viewed items overall for the rest of the slate.
 */
final class MostViewedLearner extends CatalogueLearner {

	private final Map<String, Map<String, Integer>> views = new HashMap<>();

	private final Map<String, Integer> allViews = new HashMap<>();

	MostViewedLearner(long seed) {
		super("most-viewed-by-user", seed);
	}

	@Override
	protected List<String> rank(Request request, List<String> candidates) {
		Map<String, Integer> own = this.views.getOrDefault(request.userId(), Map.of());
		double max = 1 + this.allViews.values().stream().mapToInt(Integer::intValue).max().orElse(0);
		double[] scores = new double[candidates.size()];
		for (int i = 0; i < scores.length; i++) {
			String id = candidates.get(i);
			scores[i] = own.getOrDefault(id, 0) + this.allViews.getOrDefault(id, 0) / max;
		}
		return top(candidates, scores, request.count());
	}

	@Override
	protected void learn(Event event) {
		if (event.type() == EventType.VIEW) {
			this.views.computeIfAbsent(event.userId(), (u) -> new HashMap<>()).merge(event.itemId(), 1, Integer::sum);
			this.allViews.merge(event.itemId(), 1, Integer::sum);
		}
	}

}
