package dev.kairos.bench.eval;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plain learner issue 17 measured Kairos against: clicks and impressions counted per
 * user × block of hours × category, and per item. An item scores the user's smoothed
 * click-through rate for its category in this block, times its own smoothed rate relative
 * to the average; with probability ε each slot shows a uniformly random item instead. It
 * learns only from the events it is sent: with a client that posts only clicks it has no
 * impressions, and its rates become click counts.
 *
 * <p>
 * {@code score = (k_ubc + a·base) / (n_ubc + a) · ((k_i + b·base) / (n_i + b)) / base},
 * with {@code a = 2}, {@code b = 20}, {@code base} the overall rate (0.05 until there are
 * impressions), blocks of {@value #HOURS_PER_BLOCK} hours.
 */
final class EpsilonGreedyCounts extends CatalogueLearner {

	static final int HOURS_PER_BLOCK = 6;

	private final double epsilon;

	private final Map<String, long[]> userCategory = new HashMap<>();

	private final Map<String, long[]> item = new HashMap<>();

	private long clicks;

	private long impressions;

	EpsilonGreedyCounts(double epsilon, long seed) {
		super("epsilon-greedy", seed);
		this.epsilon = epsilon;
	}

	@Override
	protected List<String> rank(Request request, List<String> candidates) {
		double base = (this.impressions > 0) ? Math.max(1e-4, (double) this.clicks / this.impressions) : 0.05;
		int block = block(request.hourOfDay());
		double[] scores = new double[candidates.size()];
		for (int i = 0; i < scores.length; i++) {
			String id = candidates.get(i);
			long[] uc = this.userCategory.get(request.userId() + "|" + block + "|" + this.categoryOf.get(id));
			long[] it = this.item.get(id);
			double userRate = (uc == null) ? base : (uc[0] + 2 * base) / (uc[1] + 2);
			double itemRate = (it == null) ? base : (it[0] + 20 * base) / (it[1] + 20);
			scores[i] = userRate * itemRate / base;
		}
		List<String> greedy = top(candidates, scores, request.count());
		// each slot explores with probability ε: a random item not already in the slate
		Set<String> slate = new HashSet<>(greedy);
		List<String> shown = new java.util.ArrayList<>(greedy);
		for (int p = 0; p < shown.size(); p++) {
			if (this.random.nextDouble() < this.epsilon && candidates.size() > shown.size()) {
				String pick;
				do {
					pick = candidates.get(this.random.nextInt(candidates.size()));
				}
				while (slate.contains(pick));
				slate.remove(shown.get(p));
				slate.add(pick);
				shown.set(p, pick);
			}
		}
		return shown;
	}

	@Override
	protected void learn(Event event) {
		boolean click = event.type().consumes();
		boolean impression = event.type() == EventType.IMPRESSION;
		if (!click && !impression) {
			return;
		}
		String key = event.userId() + "|" + block(Request.hourOfDay(event.timestamp())) + "|"
				+ this.categoryOf.get(event.itemId());
		long[] uc = this.userCategory.computeIfAbsent(key, (k) -> new long[2]);
		long[] it = this.item.computeIfAbsent(event.itemId(), (k) -> new long[2]);
		int index = click ? 0 : 1;
		uc[index]++;
		it[index]++;
		if (click) {
			this.clicks++;
		}
		else {
			this.impressions++;
		}
	}

	static int block(double hour) {
		return Math.min(24 / HOURS_PER_BLOCK - 1, (int) (hour / HOURS_PER_BLOCK));
	}

}
