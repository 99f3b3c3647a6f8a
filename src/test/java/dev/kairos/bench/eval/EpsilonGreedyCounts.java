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
 * counts what it serves as impressions when it serves it (a learner knows its own
 * slates), so an impression the client reports of one of its slates adds nothing, and a
 * client that posts only clicks teaches it as much; when the event time passes a slate's
 * time plus {@link #WINDOW}, the items of a slate whose client reported impressions, but
 * not of them, are taken back. An impression of no slate of its own counts as reported.
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

	/** How long after serving a slate the client's impressions can withdraw its items. */
	static final java.time.Duration WINDOW = java.time.Duration.ofMinutes(30);

	private final ServedSlates served = new ServedSlates(WINDOW);

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
	public Slate recommend(Request request) {
		this.served.close(request.at(), (slate, item) -> count(slate.userId(), item, slate.at(), 1, -1));
		Slate slate = super.recommend(request);
		this.served.serve(slate, request);
		for (String item : slate.itemIds()) {
			count(request.userId(), item, request.at(), 1, 1);
		}
		return slate;
	}

	@Override
	protected void learn(Event event) {
		boolean click = event.type().consumes();
		boolean impression = event.type() == EventType.IMPRESSION;
		if (impression && this.served.reported(event)) {
			// counted when served
			return;
		}
		if (click || impression) {
			count(event.userId(), event.itemId(), event.timestamp(), click ? 0 : 1, 1);
		}
	}

	/** Adds {@code n} clicks (index 0) or impressions (1) of an item. */
	private void count(String userId, String itemId, java.time.Instant at, int index, int n) {
		String key = userId + "|" + block(Request.hourOfDay(at)) + "|" + this.categoryOf.get(itemId);
		this.userCategory.computeIfAbsent(key, (k) -> new long[2])[index] += n;
		this.item.computeIfAbsent(itemId, (k) -> new long[2])[index] += n;
		if (index == 0) {
			this.clicks += n;
		}
		else {
			this.impressions += n;
		}
	}

	static int block(double hour) {
		return Math.min(24 / HOURS_PER_BLOCK - 1, (int) (hour / HOURS_PER_BLOCK));
	}

}
