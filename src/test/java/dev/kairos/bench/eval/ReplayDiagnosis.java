package dev.kairos.bench.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import dev.kairos.core.ranking.CandidateSource;
import dev.kairos.core.ranking.ItemCatalogue;
import dev.kairos.core.ranking.Recommender;
import dev.kairos.core.ranking.SlateRanker;

/**
 * Why kairos-sandbox misses where item-to-item hits on a replay: runs both on the same
 * replay ({@link Replay}, the same warm-up and scored steps) and, for every scored step,
 * looks at Kairos's whole decision: whether a target was among its candidates, whether
 * the co-clicked lists of the user's latest items brought it, the best target's place
 * among the candidates by score, and each term of its score (the item's rate, the
 * policy's {@code ρ·μ}, the Interest Clock term, the prior and the exploration bonuses)
 * against those of the slate's last item. Prints the figures over the steps item-to-item
 * hits and Kairos misses, and over all.
 *
 * <pre>
 * java -cp &lt;test classpath&gt; dev.kairos.bench.eval.ReplayDiagnosis --replay online-retail \
 *   --scored 300 --history 3000 --variant 'ranking.co-occurrence-lift=learned'
 * </pre> The re-ranking reads the clock lift at its mean for the exploration term's draw
 * (a fixed random source) and applies no co-occurrence lift: with a lift on, the figures
 * of the terms leave it out.
 */
public final class ReplayDiagnosis {

	private ReplayDiagnosis() {
	}

	/** One scored step as both learners saw it. */
	private record Seen(List<String> itemToItem, List<String> kairos, Recommender.Slate slate,
			List<SlateRanker.RankedItem> scored, double rho, Set<String> coClicked3, Set<String> coClicked10,
			int recent, Map<String, List<String>> whatIf) {
	}

	public static void main(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		Path data = Path.of(options.getOrDefault("data", "data"));
		String name = options.getOrDefault("replay", "online-retail");
		ReplayData d = ReplayData.named(name, data);
		int scored = Integer.parseInt(options.getOrDefault("scored", "300"));
		int history = Integer.parseInt(options.getOrDefault("history", "3000"));
		Map<String, String> properties = new LinkedHashMap<>();
		String variant = options.getOrDefault("variant", "defaults");
		if (!variant.equals("defaults")) {
			for (String kv : variant.split(",")) {
				String[] parts = kv.split("=", 2);
				properties.put(parts[0].strip(), parts[1].strip());
			}
		}
		List<ReplayData.Step> targets = new ArrayList<>();
		for (ReplayData.Step step : d.steps()) {
			if (!step.targets().isEmpty()) {
				targets.add(step);
			}
		}
		targets = targets.subList(Math.max(0, targets.size() - scored), targets.size());
		SandboxLearner kairos = new SandboxLearner("kairos-sandbox", 1, properties);
		CoOccurrenceLearner itemToItem = CoOccurrenceLearner.itemToItem(1);
		List<Seen> seen = new ArrayList<>();
		Learner both = new ForwardingLearner(kairos) {

			@Override
			public void addItems(List<Item> items) {
				super.addItems(items);
				itemToItem.addItems(items);
			}

			@Override
			public void observe(List<Event> events) {
				super.observe(events);
				itemToItem.observe(events);
			}

			@Override
			public Slate recommend(Request request) {
				List<String> other = itemToItem.recommend(request).itemIds();
				Slate own = super.recommend(request);
				Seen s = look(kairos, request.userId(), other, own.itemIds());
				// item-to-item's scores, over Kairos's candidates only
				List<String> ids = s.slate().candidates().stream().map((c) -> c.itemId()).toList();
				s.whatIf()
					.put("item-to-item's score over kairos's candidates",
							CatalogueLearner.top(ids, itemToItem.scores(request.userId(), ids), own.itemIds().size()));
				seen.add(s);
				return own;
			}

		};
		ReplayResult result = Replay.run(d, both, scored, history, null);
		System.out.printf(Locale.ROOT, "%s, %s: kairos-sandbox HitRate@10 %.3f over %d scored steps%n", name, variant,
				result.hitRate(), result.scored());
		report(targets, seen);
	}

	private static Seen look(SandboxLearner kairos, String userId, List<String> itemToItem, List<String> own) {
		Recommender.Slate slate = kairos.lastSlate();
		Recommender.Terms terms = slate.terms();
		SlateRanker ranker = kairos.recommender().settings().ranker();
		Map<String, List<String>> whatIf0 = new LinkedHashMap<>();
		int n = slate.candidates().size();
		whatIf0.put("no lift, not diversified",
				ranker
					.rank(slate.user(), slate.candidates(), terms.expectedReward(), terms.explorationBonus(),
							terms.rewards(), own.size(), false, new SplittableRandom(0))
					.stream()
					.map(SlateRanker.RankedItem::itemId)
					.toList());
		SlateRanker noClock = new SlateRanker(0, ranker.modelConfidenceCount(), ranker.maxCategoryShare(),
				ranker.prior(), ranker.clockPriorEvents(), ranker.itemExploration(), ranker.lift());
		double[] noReward = new double[n];
		whatIf0.put("policy's mu 0",
				ranker
					.rank(slate.user(), slate.candidates(), noReward, terms.explorationBonus(), terms.rewards(),
							own.size(), true, new SplittableRandom(0))
					.stream()
					.map(SlateRanker.RankedItem::itemId)
					.toList());
		whatIf0.put("Interest Clock term off",
				noClock
					.rank(slate.user(), slate.candidates(), terms.expectedReward(), terms.explorationBonus(),
							terms.rewards(), own.size(), true, new SplittableRandom(0))
					.stream()
					.map(SlateRanker.RankedItem::itemId)
					.toList());
		whatIf0.put("policy's mu 0 and clock off",
				noClock
					.rank(slate.user(), slate.candidates(), noReward, terms.explorationBonus(), terms.rewards(),
							own.size(), true, new SplittableRandom(0))
					.stream()
					.map(SlateRanker.RankedItem::itemId)
					.toList());
		List<SlateRanker.RankedItem> scored = ranker.rank(slate.user(), slate.candidates(), terms.expectedReward(),
				terms.explorationBonus(), terms.rewards(), n, false, new SplittableRandom(0));
		double rho = terms.rewards() / (terms.rewards() + ranker.modelConfidenceCount());
		CandidateSource source = kairos.lastSource();
		ItemCatalogue catalogue = source.catalogue();
		List<String> recent = kairos.userRecentItems(userId);
		Set<String> three = new HashSet<>();
		Set<String> ten = new HashSet<>();
		for (int s = 0; s < Math.min(10, recent.size()); s++) {
			int slot = catalogue.slot(recent.get(s));
			if (slot == ItemCatalogue.NONE) {
				continue;
			}
			for (int p : source.coClicked(slot)) {
				String id = catalogue.item(p).itemId();
				ten.add(id);
				if (s < 3) {
					three.add(id);
				}
			}
		}
		Map<String, List<String>> whatIf = whatIf0;
		for (int seeds : new int[] { 3, 10 }) {
			double[] affinity = affinities(slate, recent, source, seeds);
			for (double w : new double[] { 1, 3, 10, 1e6 }) {
				double[] lifts = new double[n];
				for (int i = 0; i < n; i++) {
					lifts[i] = 1 + w * affinity[i];
				}
				whatIf.put("lift w=" + w + " seeds=" + seeds,
						ranker
							.rank(slate.user(), slate.candidates(), terms.expectedReward(), terms.explorationBonus(),
									terms.rewards(), own.size(), true, new SplittableRandom(0), lifts)
							.stream()
							.map(SlateRanker.RankedItem::itemId)
							.toList());
			}
		}
		for (String kind : new String[] { "cosine", "count", "uniform count" }) {
			double[] affinity = strengths(kairos, slate, recent, source, 10, kind.equals("cosine"),
					kind.startsWith("uniform"));
			for (double w : new double[] { 1, 3, 10, 1e6 }) {
				double[] lifts = new double[n];
				for (int i = 0; i < n; i++) {
					lifts[i] = 1 + w * affinity[i];
				}
				for (boolean diversify : new boolean[] { true, false }) {
					whatIf.put("lift w=" + w + " " + kind + " seeds=10" + (diversify ? "" : " not diversified"), ranker
						.rank(slate.user(), slate.candidates(), terms.expectedReward(), terms.explorationBonus(),
								terms.rewards(), own.size(), diversify, new SplittableRandom(0), lifts)
						.stream()
						.map(SlateRanker.RankedItem::itemId)
						.toList());
				}
			}
		}
		return new Seen(itemToItem, own, slate, scored, rho, three, ten, recent.size(), whatIf);
	}

	private static void report(List<ReplayData.Step> steps, List<Seen> seen) {
		int lost = 0;
		int won = 0;
		int bothHit = 0;
		int inCandidates = 0;
		int inCoClicked3 = 0;
		int inCoClicked10 = 0;
		int noRecent = 0;
		int topByScoreButDiversified = 0;
		List<Integer> ranks = new ArrayList<>();
		List<Integer> candidateCounts = new ArrayList<>();
		double[] deficit = new double[5];
		int[] largestDeficit = new int[5];
		String[] terms = { "item rate r", "policy rho*mu", "clock term", "prior (popularity blend)", "exploration" };
		int coClickedHits3 = 0;
		int coClickedHits10 = 0;
		for (int k = 0; k < seen.size(); k++) {
			Set<String> targets = steps.get(k).targets();
			Seen s = seen.get(k);
			boolean i2i = s.itemToItem().stream().anyMatch(targets::contains);
			boolean own = s.kairos().stream().anyMatch(targets::contains);
			if (s.coClicked3().stream().anyMatch(targets::contains)) {
				coClickedHits3++;
			}
			if (s.coClicked10().stream().anyMatch(targets::contains)) {
				coClickedHits10++;
			}
			if (i2i && own) {
				bothHit++;
			}
			if (!i2i && own) {
				won++;
			}
			if (!i2i || own) {
				continue;
			}
			lost++;
			candidateCounts.add(s.scored().size());
			if (s.recent() == 0) {
				noRecent++;
			}
			if (s.coClicked3().stream().anyMatch(targets::contains)) {
				inCoClicked3++;
			}
			if (s.coClicked10().stream().anyMatch(targets::contains)) {
				inCoClicked10++;
			}
			List<SlateRanker.RankedItem> byScore = new ArrayList<>(s.scored());
			byScore.sort((a, b) -> Double.compare(b.score(), a.score()));
			int best = -1;
			for (int r = 0; r < byScore.size(); r++) {
				if (targets.contains(byScore.get(r).itemId())) {
					best = r;
					break;
				}
			}
			if (best < 0) {
				continue;
			}
			inCandidates++;
			ranks.add(best + 1);
			if (best < s.kairos().size()) {
				topByScoreButDiversified++;
			}
			// the target against the slate's last item, term by term
			SlateRanker.RankedItem target = byScore.get(best);
			String lastId = s.kairos().get(s.kairos().size() - 1);
			SlateRanker.RankedItem last = s.scored()
				.stream()
				.filter((r) -> r.itemId().equals(lastId))
				.findFirst()
				.orElseThrow();
			double[] a = terms(target, s.rho());
			double[] b = terms(last, s.rho());
			int worst = 0;
			for (int t = 0; t < a.length; t++) {
				deficit[t] += a[t] - b[t];
				if (a[t] - b[t] < a[worst] - b[worst]) {
					worst = t;
				}
			}
			largestDeficit[worst]++;
		}
		int n = seen.size();
		System.out.printf(Locale.ROOT,
				"scored %d: both hit %d, item-to-item only %d, kairos only %d; a target among the co-clicked of the"
						+ " latest 3 items %d, of the latest 10 %d%n",
				n, bothHit, lost, won, coClickedHits3, coClickedHits10);
		System.out.printf(Locale.ROOT,
				"item-to-item hits, kairos misses (%d): user without recent items %d; a target among kairos's"
						+ " candidates %d (co-clicked of the latest 3: %d, of the latest 10: %d); candidates per"
						+ " request median %d%n",
				lost, noRecent, inCandidates, inCoClicked3, inCoClicked10, median(candidateCounts));
		System.out.printf(Locale.ROOT,
				"  best target's rank by score among the candidates: median %d, in the top 10 %d (left out by"
						+ " diversity), top 20 %d, top 50 %d%n",
				median(ranks), topByScoreButDiversified, ranks.stream().filter((r) -> r <= 20).count(),
				ranks.stream().filter((r) -> r <= 50).count());
		Map<String, Integer> whatIfHits = new LinkedHashMap<>();
		for (int k = 0; k < seen.size(); k++) {
			Set<String> targets = steps.get(k).targets();
			seen.get(k)
				.whatIf()
				.forEach((label, slate) -> whatIfHits.merge(label, slate.stream().anyMatch(targets::contains) ? 1 : 0,
						Integer::sum));
		}
		whatIfHits.forEach((label, hits) -> System.out.printf(Locale.ROOT,
				"  what if, re-ranked with %s: HitRate@10 %.3f%n", label, (double) hits / n));
		System.out.println("  target minus the slate's last item, mean per term (and how often the largest deficit):");
		for (int t = 0; t < terms.length; t++) {
			System.out.printf(Locale.ROOT, "    %-26s %+.4f  (%d)%n", terms[t],
					ranks.isEmpty() ? 0 : deficit[t] / ranks.size(), largestDeficit[t]);
		}
	}

	/** The Recommender's affinities (its formula), over the user's latest seeds. */
	private static double[] affinities(Recommender.Slate slate, List<String> recent, CandidateSource source,
			int seeds) {
		ItemCatalogue catalogue = source.catalogue();
		Map<String, Integer> index = new java.util.HashMap<>();
		for (int i = 0; i < slate.candidates().size(); i++) {
			index.put(slate.candidates().get(i).itemId(), i);
		}
		double[] affinity = new double[index.size()];
		double total = 0;
		for (int s = 0; s < Math.min(seeds, recent.size()); s++) {
			double weight = 1.0 / (s + 1);
			total += weight;
			int seed = catalogue.slot(recent.get(s));
			if (seed == ItemCatalogue.NONE) {
				continue;
			}
			int[] partners = source.coClicked(seed);
			for (int p = 0; p < partners.length; p++) {
				Integer i = index.get(catalogue.item(partners[p]).itemId());
				if (i != null) {
					affinity[i] += weight * dev.kairos.core.ranking.Exposure.discount(p + 1);
				}
			}
		}
		for (int i = 0; i < affinity.length && total > 0; i++) {
			affinity[i] /= total;
		}
		return affinity;
	}

	/**
	 * Per candidate the weighted sum over the latest seeds of its shrunk cosine with each
	 * (or its decayed co-occurrence count), divided by the largest among the candidates.
	 */
	private static double[] strengths(SandboxLearner kairos, Recommender.Slate slate, List<String> recent,
			CandidateSource source, int seeds, boolean cosine, boolean uniform) {
		ItemCatalogue catalogue = source.catalogue();
		dev.kairos.core.stats.ForwardDecay decay = kairos.popularityDecay();
		long at = (long) 0;
		double[] affinity = new double[slate.candidates().size()];
		Map<String, Integer> index = new java.util.HashMap<>();
		for (int i = 0; i < affinity.length; i++) {
			index.put(slate.candidates().get(i).itemId(), i);
		}
		at = kairos.lastAt();
		for (int s = 0; s < Math.min(seeds, recent.size()); s++) {
			double weight = uniform ? 1 : 1.0 / (s + 1);
			String seed = recent.get(s);
			int seedSlot = catalogue.slot(seed);
			double n = (seedSlot != ItemCatalogue.NONE) ? decay.valueAt(catalogue.item(seedSlot).popularityLogSum(), at)
					: 0;
			for (Map.Entry<String, Double> e : kairos.partnerLogSums(seed).entrySet()) {
				Integer i = index.get(e.getKey());
				if (i == null) {
					continue;
				}
				double c = decay.valueAt(e.getValue(), at);
				int slot = catalogue.slot(e.getKey());
				double m = decay.valueAt(catalogue.item(slot).popularityLogSum(), at);
				affinity[i] += weight * (cosine ? dev.kairos.core.similarity.ItemCoOccurrence.similarity(c, n, m,
						Recommender.SIMILARITY_SHRINKAGE) : c);
			}
		}
		double max = 0;
		for (double a : affinity) {
			max = Math.max(max, a);
		}
		for (int i = 0; i < affinity.length && max > 0; i++) {
			affinity[i] /= max;
		}
		return affinity;
	}

	/** A scored item's terms: r, ρ·μ, clock, prior, exploration (what is left). */
	private static double[] terms(SlateRanker.RankedItem r, double rho) {
		double kept = r.itemRate() + rho * r.expectedReward() + r.clockTerm() + r.priorTerm();
		return new double[] { r.itemRate(), rho * r.expectedReward(), r.clockTerm(), r.priorTerm(), r.score() - kept };
	}

	private static int median(List<Integer> values) {
		if (values.isEmpty()) {
			return 0;
		}
		List<Integer> sorted = new ArrayList<>(values);
		sorted.sort(null);
		return sorted.get(sorted.size() / 2);
	}

}
