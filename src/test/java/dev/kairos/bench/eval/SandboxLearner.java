package dev.kairos.bench.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import dev.kairos.core.ranking.CandidateSignals;
import dev.kairos.core.ranking.ClockLift;
import dev.kairos.core.ranking.Exposure;
import dev.kairos.core.ranking.ItemRates;
import dev.kairos.core.ranking.PopularityBlend;
import dev.kairos.core.ranking.SlateRanker;
import dev.kairos.core.ranking.SlateRanker.RankedItem;
import dev.kairos.core.ranking.UserSignals;
import dev.kairos.core.stats.SmoothedRate;
import dev.kairos.features.UserFeatures;

/**
 * "kairos-sandbox": the in-memory approximation of Kairos's ranking that
 * {@code bench.sim.RankingSandbox} runs with its defaults, as a {@link Learner}: the
 * {@link SlateRanker} with the service's default terms over every item the user has not
 * consumed, item rates from {@link ItemRates}, the Interest Clock's lift per user ×
 * category × block of hours, the global clock as the prior of a user who has not clicked,
 * exposures counted as the service's worker counts them ({@link Exposure}). No linear
 * model (its expected reward is 0), no HTTP, Kafka or Redis.
 *
 * <p>
 * Exposures are counted from the client's events: an impression joined to the slate that
 * showed it (its position, the lift and rate it was ranked with), or, for a click with no
 * impression before it, the click itself. With a client that posts only clicks the
 * unclicked items of a slate are never counted (the service counts them when the
 * attribution window closes, in wall-clock time).
 */
final class SandboxLearner extends CatalogueLearner {

	private final SlateRanker ranker = new SlateRanker(1, 200, 1, PopularityBlend.DEFAULT, 2, 1,
			new ClockLift(0.5, 0, false, 0.5));

	private final SmoothedRate ctrPrior = new SmoothedRate(0.05, 20);

	private final SplittableRandom draw;

	private final Map<String, Integer> categoryIndex = new HashMap<>();

	private final List<String> categories = new ArrayList<>();

	private final Map<String, Long> clicks = new HashMap<>();

	private final Map<String, Double> itemExposure = new HashMap<>();

	/** Per user: clicks and exposure by category × block. */
	private final Map<String, long[][]> userClicks = new HashMap<>();

	private final Map<String, double[][]> userExposure = new HashMap<>();

	private final Map<String, long[]> globalClicks = new HashMap<>();

	/** Served slates by recommendation id: what each position was ranked with. */
	private final Map<String, Served> served = new java.util.LinkedHashMap<>(16, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Served> eldest) {
			return size() > 5_000;
		}
	};

	private long allClicks;

	private double allExposure;

	private long slates;

	private record Served(String userId, int block, double base, List<RankedItem> items,
			java.util.Set<String> counted) {
	}

	SandboxLearner(long seed) {
		super("kairos-sandbox", seed);
		this.draw = new SplittableRandom(seed + 1);
	}

	@Override
	public void addItems(List<Item> added) {
		super.addItems(added);
		for (Item item : added) {
			this.categoryIndex.computeIfAbsent(item.category(), (c) -> {
				this.categories.add(c);
				return this.categories.size() - 1;
			});
		}
	}

	@Override
	public Slate recommend(Request request) {
		List<String> candidates = candidates(request.userId());
		double hour = request.hourOfDay();
		int block = UserFeatures.hourBlock(hour);
		int nc = this.categories.size();
		double base = (this.allClicks + this.ctrPrior.priorRate() * this.ctrPrior.priorStrength())
				/ (this.allExposure + this.ctrPrior.priorStrength());
		List<ItemRates.Counts> counts = new ArrayList<>(candidates.size());
		for (String id : candidates) {
			counts.add(new ItemRates.Counts(this.clicks.getOrDefault(id, 0L), this.itemExposure.getOrDefault(id, 0.0)));
		}
		ItemRates.Rate[] rates = ItemRates.of(counts, base, 1);
		long[][] ownClicks = this.userClicks.get(request.userId());
		double[][] ownExposure = this.userExposure.get(request.userId());
		long own = 0;
		if (ownClicks != null) {
			for (long[] byBlock : ownClicks) {
				for (long k : byBlock) {
					own += k;
				}
			}
		}
		double[] blockClicks = new double[nc];
		if (own == 0) {
			for (int c = 0; c < nc; c++) {
				long[] g = this.globalClicks.get(this.categories.get(c));
				blockClicks[c] = (g == null) ? 0 : g[block];
			}
		}
		double[] liftPrior = this.ranker.lift().priorsFrom(blockClicks);
		List<CandidateSignals> signals = new ArrayList<>(candidates.size());
		for (int k = 0; k < candidates.size(); k++) {
			String id = candidates.get(k);
			String category = this.categoryOf.get(id);
			int c = this.categoryIndex.get(category);
			long kk = (ownClicks == null || c >= ownClicks.length) ? 0 : ownClicks[c][block];
			double ee = (ownExposure == null || c >= ownExposure.length) ? 0 : ownExposure[c][block];
			signals.add(new CandidateSignals(id, category, 0, 0, rates[k].rate(), 0, 0, 0, false, 1000,
					rates[k].uncertainty(), kk, ee, liftPrior[c]));
		}
		List<RankedItem> slate = this.ranker.rank(new UserSignals(true, 10, 0.05, hour), signals,
				new double[signals.size()], new double[signals.size()], 1_000_000, request.count(), true, this.draw);
		String id = name() + "-" + (++this.slates);
		this.served.put(id, new Served(request.userId(), block, base, slate, new java.util.HashSet<>()));
		return new Slate(id, slate.stream().map(RankedItem::itemId).toList());
	}

	@Override
	protected List<String> rank(Request request, List<String> candidates) {
		throw new UnsupportedOperationException("recommend ranks");
	}

	@Override
	protected void learn(Event event) {
		Served slate = (event.recommendationId() != null) ? this.served.get(event.recommendationId()) : null;
		if (event.type() == EventType.IMPRESSION
				|| (event.type().consumes() && slate != null && !slate.counted().contains(event.itemId()))) {
			expose(slate, event);
		}
		if (event.type().consumes()) {
			String category = this.categoryOf.get(event.itemId());
			if (category == null) {
				return;
			}
			int block = (slate != null) ? slate.block() : UserFeatures.hourBlock(Request.hourOfDay(event.timestamp()));
			int c = this.categoryIndex.get(category);
			this.allClicks++;
			this.clicks.merge(event.itemId(), 1L, Long::sum);
			userClicks(event.userId())[c][block]++;
			this.globalClicks.computeIfAbsent(category, (x) -> new long[4])[block]++;
		}
	}

	private void expose(Served slate, Event event) {
		String category = this.categoryOf.get(event.itemId());
		if (slate == null || category == null) {
			return;
		}
		for (int p = 0; p < slate.items().size(); p++) {
			RankedItem item = slate.items().get(p);
			if (item.itemId().equals(event.itemId()) && slate.counted().add(item.itemId())) {
				Exposure e = Exposure.of(p, slate.base(), item.lift(), item.itemRate());
				this.itemExposure.merge(item.itemId(), e.item(), Double::sum);
				userExposure(slate.userId())[this.categoryIndex.get(category)][slate.block()] += e.user();
				this.allExposure += Exposure.discount(p);
			}
		}
	}

	private long[][] userClicks(String user) {
		long[][] counts = this.userClicks.computeIfAbsent(user, (u) -> new long[this.categories.size()][4]);
		if (counts.length < this.categories.size()) {
			long[][] grown = java.util.Arrays.copyOf(counts, this.categories.size());
			for (int c = counts.length; c < grown.length; c++) {
				grown[c] = new long[4];
			}
			this.userClicks.put(user, grown);
			return grown;
		}
		return counts;
	}

	private double[][] userExposure(String user) {
		double[][] exposure = this.userExposure.computeIfAbsent(user, (u) -> new double[this.categories.size()][4]);
		if (exposure.length < this.categories.size()) {
			double[][] grown = java.util.Arrays.copyOf(exposure, this.categories.size());
			for (int c = exposure.length; c < grown.length; c++) {
				grown[c] = new double[4];
			}
			this.userExposure.put(user, grown);
			return grown;
		}
		return exposure;
	}

}
