package dev.kairos.bench.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * The simulator's world against the ranking math alone, in memory, in seconds: no HTTP,
 * Kafka or Redis, no linear model (its expected reward is 0: the ranking counts the
 * item's rate itself), the service's defaults (options override them), the item and user
 * exposures counted as the service's worker counts them ({@link Exposure}). It shows what
 * the {@link SlateRanker}'s terms can do with perfect features, for tuning them before
 * the full {@link Simulator} run, which is the figure that counts. {@code lists=12}
 * gathers candidates roughly as the service does (otherwise every active item is one).
 * {@code knownInterests=1} reads each user's lift from the world's true interests (the
 * ceiling of the ranking with perfect user features), {@code knownQuality=1} the items'
 * rates from their true appeal; {@code skew=1} draws a world whose users share their
 * hours ({@link World}), {@code globalPrior=W} sets how much everybody's clicks seed the
 * lift of a user who has not clicked yet, as the service's global clock does (0.5; 0 for
 * none); {@code bayes=1} runs, instead of the ranking, the learner that knows how the
 * world is made ({@link WorldPosterior}: how much a learner that knows the world gets
 * from these impressions); {@code factor=1} runs the model-free {@link FactorLearner}
 * instead (an experiment, the model the ranking's rate and clock terms were made from);
 * {@code itemPrior=A} sets {@link ItemRates}' prior strength; {@code modelKnowsRates=1}
 * adds the item's rate again as the policy's expected reward; {@code debug=1} prints some
 * late morning slates with their terms.
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.kairos.bench.sim.RankingSandbox \
 *   -Dexec.args="lists=12 (clockWeight=1 priorStrength=0.5 share=1 kappa=1 ucb=1 exploration=0 itemPrior=1 seed=1 users=500)"
 * </pre>
 */
public final class RankingSandbox {

	private RankingSandbox() {
	}

	public static void main(String[] args) {
		double clockWeight = option(args, "clockWeight", 1);
		double priorStrength = option(args, "priorStrength", 0.5);
		double exploration = option(args, "exploration", 0);
		double share = option(args, "share", 1);
		double kappa = option(args, "kappa", 1);
		int requests = (int) option(args, "requests", 20_000);
		int users = (int) option(args, "users", 500);
		long seed = (long) option(args, "seed", 1);
		// the ceiling of the ranking: the lift read from the world's true interests
		boolean knownInterests = option(args, "knownInterests", 0) > 0;
		boolean debug = option(args, "debug", 0) > 0;
		// candidates as the service gathers them (lists=N: from N categories), or every
		// active item
		int lists = (int) option(args, "lists", 0);
		// whether the linear model's expected reward is the item's rate (1) or nothing
		// (0; the ranking counts the rate itself)
		boolean modelKnowsRates = option(args, "modelKnowsRates", 0) > 0;
		// as the service: the CTR prior's 20 impressions at 0.05
		double itemPrior = option(args, "itemPrior", 1);
		// bayes=1: instead of the ranking, the learner that knows how the world is made
		// (WorldPosterior), greedy on its posterior; bayes=2: by Thompson sampling
		int bayes = (int) option(args, "bayes", 0);
		SlateRanker ranker = new SlateRanker(clockWeight, 200, share, PopularityBlend.DEFAULT, 2, kappa, new ClockLift(
				priorStrength, exploration, option(args, "ucb", 1) == 0, option(args, "globalPrior", 0.5)));
		// the base rate: clicks per position-discounted impression, from 0.05
		SmoothedRate ctrPrior = new SmoothedRate(0.05, 20);
		long allClicks = 0;
		double allExposure = 0;
		World world = new World(seed, 12, 600, 60, users, requests, requests * 3 / 5, option(args, "drift", 0.3),
				option(args, "skew", 0));
		// everybody's clicks per category and block: with globalPrior=w the lift's prior
		// is a category's share of them, relative to an even share, to the power w
		// (ClockLift.priorsFrom, as the service's global clock)
		long[][] globalClicks = new long[12][4];
		// bayesQuality=1: the learner is told every item's quality; 2: it learns it (a
		// Gaussian posterior per item); 0: it reads it off the item's smoothed rate.
		// bayesBlocks=1: it knows interest only as a mean over each block of hours
		int bayesQuality = (int) option(args, "bayesQuality", 1);
		double[] learnerQuality = (bayesQuality == 1) ? world.quality : new double[world.itemCount()];
		WorldPosterior posterior = (bayes > 0) ? new WorldPosterior(world, requests * 3 / 5, option(args, "drift", 0.3),
				option(args, "bayesBlocks", 0) > 0, learnerQuality, bayesQuality == 2) : null;
		// knownQuality=1: the items' rates read from the world (each item's mean
		// attraction over users and hours, as a million impressions would show it)
		boolean knownQuality = option(args, "knownQuality", 0) > 0;
		// factor=1: instead of the ranking, the model-free FactorLearner; its settings:
		// fUser, fItem, fWidth, fTs (1: λ drawn), fItemTs (1: θ drawn), fVouched,
		// fNormItem, fNormUser, fBlocks, fBias
		FactorLearner factors = null;
		if (option(args, "factor", 0) > 0) {
			FactorLearner best = FactorLearner.of(world);
			factors = best.with(option(args, "fUser", best.userPrior()), option(args, "fItem", best.itemPrior()),
					option(args, "fWidth", best.width()), option(args, "fTs", 0) > 0, option(args, "fItemTs", 0) > 0,
					option(args, "fVouched", best.vouched()), option(args, "fNormItem", 1) > 0,
					option(args, "fNormUser", 1) > 0, option(args, "fBlocks", 0) > 0, option(args, "fBias", 1) > 0);
		}
		double[] trueRate = new double[world.itemCount()];
		if (knownQuality) {
			for (int i = 0; i < trueRate.length; i++) {
				for (int u = 0; u < users; u++) {
					for (int h = 0; h < 24; h++) {
						trueRate[i] += world.attraction(u, i, h + 0.5, 0) / (users * 24.0);
					}
				}
			}
		}
		long[] clicks = new long[world.itemCount()];
		long[] shown = new long[world.itemCount()];
		java.util.BitSet newShown = new java.util.BitSet(world.itemCount());
		// exposures (Exposure): the items' and the users' by category and block
		double[] itemExposure = new double[world.itemCount()];

		long[][][] userClicks = new long[users][12][4];
		long[][][] userShown = new long[users][12][4];
		double[][][] userExposure = new double[users][12][4];
		SplittableRandom draw = new SplittableRandom(seed + 1);
		int windows = 20;
		double[][] sums = new double[windows][3];
		Simulator.Diagnosis diagnosis = new Simulator.Diagnosis();
		// the favourite category in its block over the last fifth: clicks, shown, lift
		// mean, whether it has the highest lift mean, whether it is vouched for, never
		// shown; and how many requests
		double[] favourites = new double[7];
		long stepMillis = 10L * 24 * 3_600_000 / requests;
		List<Integer> active = world.activeAt(0);
		for (int r = 0; r < requests; r++) {
			double hour = ((r * stepMillis) % 86_400_000L) / 3_600_000.0;
			int block = UserFeatures.hourBlock(hour);
			if (r > 0 && r % 50 == 0) {
				active = world.activeAt(r);
			}
			int user = draw.nextInt(users);
			List<Integer> items = new ArrayList<>();
			List<ItemRates.Counts> counts = new ArrayList<>();
			java.util.Set<Integer> pool = new java.util.LinkedHashSet<>(active);
			if (lists > 0) {
				pool = listCandidates(world, active, clicks, shown, userClicks[user], userExposure[user], block, lists,
						ranker.lift());
			}
			double base = (allClicks + ctrPrior.priorRate() * ctrPrior.priorStrength())
					/ (allExposure + ctrPrior.priorStrength());
			for (int i : pool) {
				if (world.attraction(user, i, hour, r) > 0) {
					items.add(i);
					counts.add(knownQuality ? new ItemRates.Counts(Math.round(trueRate[i] * 1e6), 1e6 * base)
							: new ItemRates.Counts(clicks[i], itemExposure[i]));
				}
			}
			ItemRates.Rate[] rates = ItemRates.of(counts, base, itemPrior);
			double[] blockClicks = new double[12];
			for (int c = 0; c < 12; c++) {
				blockClicks[c] = globalClicks[c][block];
			}
			// the global prior seeds users who have not clicked yet, as the service's
			long own = 0;
			for (long[] byBlock : userClicks[user]) {
				own += java.util.Arrays.stream(byBlock).sum();
			}
			double[] liftPrior = ranker.lift().priorsFrom((own == 0) ? blockClicks : new double[12]);
			List<CandidateSignals> candidates = new ArrayList<>(items.size());
			double[] expected = new double[items.size()];
			for (int k = 0; k < items.size(); k++) {
				int i = items.get(k);
				int category = world.categoryOf(i);
				long kk = userClicks[user][category][block];
				double ee = userExposure[user][category][block];
				if (knownInterests) {
					double pu = World.clickProbability(world.interest(user, category, hour, r), 0);
					double pc = 0;
					for (int v = 0; v < users; v++) {
						pc += World.clickProbability(world.interest(v, category, hour, r), 0) / users;
					}
					ee = 100_000;
					kk = Math.round(ee * pu / pc);
				}
				candidates.add(new CandidateSignals(Integer.toString(i), world.itemCategory[i], 0, 0, rates[k].rate(),
						0, 0, 0, false, 1000, rates[k].uncertainty(), kk, ee, liftPrior[category]));
				expected[k] = (modelKnowsRates) ? rates[k].rate() : 0;
			}
			List<RankedItem> slate = (posterior != null || factors != null) ? List.of()
					: ranker.rank(new UserSignals(true, 10, 0.05, hour), candidates, expected, new double[items.size()],
							1_000_000, World.SLOTS, option(args, "diversify", 1) > 0, draw);
			List<Integer> chosen = (posterior != null)
					? posterior.slate(user, hour, r, active, World.SLOTS, bayes == 2, draw)
					: (factors != null) ? factors.slate(user, hour, items, World.SLOTS, draw)
							: slate.stream().map((it) -> Integer.parseInt(it.itemId())).toList();
			int favourite = world.favouriteAt(user, hour, r);
			boolean diagnosed = r >= requests - requests / 5;
			if (diagnosed && favourite >= 0) {
				favourites(favourites, ranker.lift(), userClicks[user], userShown[user], userExposure[user], block,
						favourite);
			}
			double ctr = 0;
			List<Integer> clicked = new ArrayList<>();
			if (debug && r > requests * 9 / 10 && block == 1 && draw.nextInt(20) == 0) {
				StringBuilder d = new StringBuilder(
						String.format(Locale.ROOT, "u%d h%.1f morning=cat%d evening=cat%d steady=cat%d:", user, hour,
								world.morning[user], world.evening[user], world.steady[user]));
				for (RankedItem it : slate) {
					int i = Integer.parseInt(it.itemId());
					int c = world.categoryOf(i);
					d.append(String.format(Locale.ROOT, " [%s q%.1f a%.2f k%d/n%d s%.3f clk%.3f ex%.3f mu%.3f]",
							world.itemCategory[i], world.quality[i], world.attraction(user, i, hour, r),
							userClicks[user][c][block], userShown[user][c][block], it.score(), it.clockTerm(),
							it.explorationBonus(), it.expectedReward()));
				}
				d.append(" | own morning k" + userClicks[user][world.morning[user]][block] + "/n"
						+ userShown[user][world.morning[user]][block]);
				System.out.println(d);
			}
			for (int p = 0; p < chosen.size(); p++) {
				int i = chosen.get(p);
				int category = world.categoryOf(i);
				double probability = world.attraction(user, i, hour, r) * World.positionBias(p);
				ctr += probability / World.SLOTS;
				if (diagnosed && favourite >= 0 && world.itemCategory[i].equals("cat" + favourite)) {
					diagnosis.favouriteSlots++;
				}
				shown[i]++;
				if (world.arrival[i] > 0 && r - world.arrival[i] < 1000) {
					newShown.set(i);
				}
				if (!slate.isEmpty()) {
					Exposure e = Exposure.of(p, base, slate.get(p).lift(), slate.get(p).itemRate());
					itemExposure[i] += e.item();
					userExposure[user][category][block] += e.user();
				}
				allExposure += Exposure.discount(p);
				userShown[user][category][block]++;
				boolean click = draw.nextDouble() < probability;
				if (posterior != null && bayesQuality == 0) {
					// the item's smoothed rate against the typical item's (0.045), on the
					// world's logit scale
					double rate = (clicks[i] + (click ? 1 : 0) + 20 * 0.045) / (shown[i] + 20);
					learnerQuality[i] = (Math.log(rate / (1 - rate)) - Math.log(0.045 / 0.955)) / World.QUALITY_WEIGHT;
				}
				if (factors != null) {
					factors.observe(user, i, p, hour, click);
				}
				if (posterior != null) {
					posterior.observe(user, i, p, hour, r, click);
				}
				if (click) {
					allClicks++;
					clicks[i]++;
					userClicks[user][category][block]++;
					globalClicks[category][block]++;
					clicked.add(i);
				}
			}
			int w = Math.min(windows - 1, r / (requests / windows));
			double randomCtr = world.randomCtr(user, hour, r, active);
			double oracleCtr = world.oracleCtr(user, hour, r, active);
			sums[w][0] += ctr;
			sums[w][1] += randomCtr;
			sums[w][2] += oracleCtr;
			if (diagnosed) {
				diagnosis.add(favourite >= 0, ctr, randomCtr, oracleCtr);
				if (favourite >= 0) {
					diagnosis.oracleFavouriteSlots += world.oracleSlotsOf(favourite, user, hour, r, active);
				}
			}
			clicked.forEach((i) -> world.consume(user, i));
		}
		double tail = 0;
		StringBuilder line = new StringBuilder();
		double[] normalized = new double[windows];
		for (int w = 0; w < windows; w++) {
			normalized[w] = (sums[w][0] - sums[w][1]) / (sums[w][2] - sums[w][1]);
			line.append(String.format(Locale.ROOT, " %.2f", normalized[w]));
			if (w >= windows - windows / 5) {
				tail += normalized[w] / (windows / 5);
			}
		}
		System.out.printf(Locale.ROOT, "%s -> last fifth %.3f |%s%n", String.join(" ", args), tail, line);
		System.out.println("  " + diagnosis);
		System.out.println("  " + Simulator.Recovery.of(normalized, requests / windows, requests * 3 / 5)
				+ "; new items shown within their first 1,000 requests: " + newShown.cardinality() + " of "
				+ (world.itemCount() - world.activeAt(0).size()));
		double n = favourites[6];
		System.out.printf(Locale.ROOT,
				"  the favourite in its block of hours: %.1f clicks in %.1f shown, lift mean %.2f; highest lift of all"
						+ " categories %.0f%% of the time, vouched for %.0f%%, never shown %.0f%%%n",
				favourites[0] / n, favourites[1] / n, favourites[2] / n, 100 * favourites[3] / n,
				100 * favourites[4] / n, 100 * favourites[5] / n);
	}

	/**
	 * Roughly the service's candidates: the 50 most clicked, the 50 newest and the 20
	 * least shown items overall; and the 50 most clicked and the 20 least shown of the
	 * {@code categories} categories with the highest upper bound of the user's lift in
	 * this block and of the user's most clicked categories overall.
	 */
	private static java.util.Set<Integer> listCandidates(World world, List<Integer> active, long[] clicks, long[] shown,
			long[][] userClicks, double[][] userExposure, int block, int categories, ClockLift lift) {
		java.util.Set<Integer> pool = new java.util.LinkedHashSet<>();
		active.stream()
			.sorted(java.util.Comparator.comparingLong((Integer i) -> -clicks[i]))
			.limit(50)
			.forEach(pool::add);
		active.stream()
			.sorted(java.util.Comparator.comparingInt((Integer i) -> -world.arrival[i]))
			.limit(50)
			.forEach(pool::add);
		active.stream()
			.sorted(java.util.Comparator.comparingLong((Integer i) -> shown[i]))
			.limit(20)
			.forEach(pool::add);
		java.util.Set<Integer> chosen = new java.util.LinkedHashSet<>();
		java.util.stream.IntStream.range(0, userClicks.length)
			.boxed()
			.sorted(java.util.Comparator
				.comparingDouble((Integer c) -> -lift.upperBound(userClicks[c][block], userExposure[c][block], 1)))
			.limit(categories)
			.forEach(chosen::add);
		java.util.stream.IntStream.range(0, userClicks.length)
			.boxed()
			.filter((c) -> java.util.Arrays.stream(userClicks[c]).sum() > 0)
			.sorted(java.util.Comparator.comparingLong((Integer c) -> -java.util.Arrays.stream(userClicks[c]).sum()))
			.limit(categories)
			.forEach(chosen::add);
		for (int c : chosen) {
			String category = "cat" + c;
			active.stream()
				.filter((i) -> world.itemCategory[i].equals(category))
				.sorted(java.util.Comparator.comparingLong((Integer i) -> -clicks[i]))
				.limit(50)
				.forEach(pool::add);
			active.stream()
				.filter((i) -> world.itemCategory[i].equals(category))
				.sorted(java.util.Comparator.comparingLong((Integer i) -> shown[i]))
				.limit(20)
				.forEach(pool::add);
		}
		return pool;
	}

	/**
	 * Adds what the user's counts say of their favourite category in this block to the
	 * sums.
	 */
	private static void favourites(double[] sums, ClockLift lift, long[][] clicks, long[][] shown, double[][] exposure,
			int block, int favourite) {
		// only the mean is read: the draw does not matter, and must not take from the
		// run's
		SplittableRandom unused = new SplittableRandom(0);
		double[] means = new double[clicks.length];
		for (int c = 0; c < means.length; c++) {
			means[c] = lift.estimate(unused, clicks[c][block], exposure[c][block], 1).mean();
		}
		boolean highest = true;
		for (double m : means) {
			highest &= m <= means[favourite];
		}
		sums[0] += clicks[favourite][block];
		sums[1] += shown[favourite][block];
		sums[2] += means[favourite];
		sums[3] += highest ? 1 : 0;
		sums[4] += (means[favourite] >= SlateRanker.VOUCHED) ? 1 : 0;
		sums[5] += (shown[favourite][block] == 0) ? 1 : 0;
		sums[6]++;
	}

	private static double option(String[] args, String name, double otherwise) {
		for (String a : args) {
			if (a.startsWith(name + "=")) {
				return Double.parseDouble(a.substring(name.length() + 1));
			}
		}
		return otherwise;
	}

}
