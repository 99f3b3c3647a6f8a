package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Turns a policy's scores into the slate served: blends them with the item's own rate,
 * the Interest Clock and a cold-start prior, caps each category's share for diversity,
 * and keeps the top k.
 *
 * <p>
 * For each candidate {@code i} the score is
 * {@code r_i + w_clock·(λ_i − 1)·r_i + ρ·(μ_i + β_i) + κ·ν_i·σ_i + (1 − ρ)·prior_i}.
 * {@code r_i} is the item's click-through rate for a viewer of average interest in its
 * category and {@code σ_i} its uncertainty ({@link ItemRates}: the item-level exploration
 * bonus a shared linear model cannot give, largest for a new item); {@code λ_i} is the
 * Interest Clock's lift ({@link ClockLift}): how many times the population's rate this
 * user clicks the item's category in this block of hours. With {@code w_clock = 1} the
 * first two terms make {@code r_i·λ_i}, the clicks expected of the item for this user
 * now: a factor model whose item and user factors are each measured against the other's
 * exposure ({@link Exposure}), which learned most in the simulator's world
 * (docs/simulator.md). {@code μ_i} and {@code β_i} are the policy's expected reward and
 * exploration bonus, from the features; {@code prior_i} the {@link PopularityBlend} score
 * (popularity, trend, category interest and a new-item bonus), and
 * {@code ρ = n / (n + n₀)} the confidence in a model that has seen {@code n} rewards: a
 * new model defers to the prior and takes over as it learns.
 *
 * <p>
 * The lift is read at its posterior mean for the clock term and, for exploration, at its
 * optimistic value (a posterior draw or upper bound, as {@link ClockLift} is set); the
 * distance between them is counted with the bonuses. For a user with no history the
 * lift's prior comes from the global clock.
 *
 * <p>
 * The reason given is the largest of the terms; for a user with no history it is
 * {@code cold-start} unless the item is there to explore. Ties break on item id.
 * Diversity is greedy: walking down the ranking, an item whose category already has its
 * share is set aside, and set-aside items fill the slate only if it would otherwise stay
 * short. A category's share is {@code maxCategoryShare} of the slate when the user's lift
 * for it at this hour is at least {@value #VOUCHED}, and one item otherwise: until a user
 * has shown what they like at this hour, the slate explores as many categories as it has
 * places.
 *
 * @param clockWeight {@code w_clock}, ≥ 0; 0 switches the Interest Clock term off
 * @param modelConfidenceCount {@code n₀}, &gt; 0
 * @param maxCategoryShare the largest share of a slate one category may take, in (0, 1]
 * @param prior the cold-start prior
 * @param clockPriorEvents how many events of the user's own clock weigh as much as the
 * global clock in the clock blend the features and candidates use: the user's clock
 * counts {@code n / (n + this)}
 * @param itemExploration {@code κ}, ≥ 0: weight of the item-level exploration bonus
 * @param lift the Interest Clock's lift by category and time of day
 */
public record SlateRanker(double clockWeight, double modelConfidenceCount, double maxCategoryShare,
		PopularityBlend prior, double clockPriorEvents, double itemExploration, ClockLift lift) {

	/** The lift (posterior mean) from which a category may take more than one place. */
	public static final double VOUCHED = 2;

	/**
	 * {@code ν} of a new item ({@code ν} is 1 for the others): the factor of its item
	 * exploration bonus. Without it a new item, as unknown as any item never shown, would
	 * wait its turn behind the whole unexplored catalogue; the prior's new-item bonus
	 * fades as the model learns ({@code 1 − ρ}).
	 */
	public static final double NEW_ITEM_EXPLORATION = 2;

	public SlateRanker {
		if (!(clockWeight >= 0) || Double.isInfinite(clockWeight)) {
			throw new IllegalArgumentException("clockWeight must be non-negative and finite: " + clockWeight);
		}
		if (!(modelConfidenceCount > 0) || Double.isInfinite(modelConfidenceCount)) {
			throw new IllegalArgumentException("modelConfidenceCount must be positive: " + modelConfidenceCount);
		}
		if (!(clockPriorEvents > 0) || Double.isInfinite(clockPriorEvents)) {
			throw new IllegalArgumentException("clockPriorEvents must be positive: " + clockPriorEvents);
		}
		Objects.requireNonNull(lift, "lift");
		if (!(itemExploration >= 0) || Double.isInfinite(itemExploration)) {
			throw new IllegalArgumentException("itemExploration must be non-negative and finite: " + itemExploration);
		}
		if (!(maxCategoryShare > 0 && maxCategoryShare <= 1)) {
			throw new IllegalArgumentException("maxCategoryShare must be in (0, 1]: " + maxCategoryShare);
		}
	}

	/**
	 * One item of the slate, with the terms of its score.
	 *
	 * @param itemId the item
	 * @param category its category
	 * @param score the blended score
	 * @param reason the largest term
	 * @param expectedReward the policy's expected reward μ
	 * @param explorationBonus the exploration bonus: the policy's β, the item's own
	 * {@code κ·σ} and the clock lift's optimism
	 * @param clockTerm the Interest Clock term at the lift's posterior mean
	 * @param priorTerm {@code (1 − ρ) · prior}
	 * @param itemRate the item's rate {@code r}
	 * @param lift the lift's posterior mean {@code λ} it was ranked with (1 with the
	 * Interest Clock off)
	 * @param index the candidate's index in the input
	 */
	public record RankedItem(String itemId, String category, double score, Reason reason, double expectedReward,
			double explorationBonus, double clockTerm, double priorTerm, double itemRate, double lift, int index) {
	}

	/**
	 * Ranks candidates.
	 * @param user the user's signals
	 * @param candidates the candidates
	 * @param expectedReward the policy's μ per candidate (same order)
	 * @param explorationBonus the policy's β per candidate (same order)
	 * @param modelRewards how many rewards the model has learned from
	 * @param count the slate size
	 * @param diversify whether to cap categories' shares
	 * @param random the source of randomness of the Interest Clock's Thompson sampling
	 * @return the slate, best first
	 */
	public List<RankedItem> rank(UserSignals user, List<CandidateSignals> candidates, double[] expectedReward,
			double[] explorationBonus, long modelRewards, int count, boolean diversify, RandomGenerator random) {
		return rank(user, candidates, expectedReward, explorationBonus, modelRewards, count, diversify, random, null);
	}

	/**
	 * Ranks candidates, each item's score raised by a lift of this user for this item
	 * (e.g. its co-occurrence with what they just took): the score less its exploration
	 * bonuses, {@code s_i}, becomes {@code s_i + (a_i − 1)·|s_i|} (for a positive score,
	 * {@code a_i·s_i}), whatever term carries it (the item's rate, the model, the prior);
	 * the exposure terms keep {@code r_i} ({@link RankedItem#itemRate()}).
	 * @param itemLifts {@code a_i} ≥ 0 per candidate (same order), or {@code null} for 1
	 * @see #rank(UserSignals, List, double[], double[], long, int, boolean,
	 * RandomGenerator)
	 */
	public List<RankedItem> rank(UserSignals user, List<CandidateSignals> candidates, double[] expectedReward,
			double[] explorationBonus, long modelRewards, int count, boolean diversify, RandomGenerator random,
			double[] itemLifts) {
		Set<String> vouched = new HashSet<>();
		List<RankedItem> ranked = scored(user, candidates, expectedReward, explorationBonus, modelRewards, random,
				itemLifts, vouched);
		if (!diversify) {
			return TopK.of(ranked, count, BEST_FIRST);
		}
		return diversified(ranked, count, vouched);
	}

	/**
	 * Every candidate scored as {@link #rank} scores it, in the candidates' order: what
	 * {@link #select} chooses from, for a caller that needs no order of its own.
	 * @see #rank(UserSignals, List, double[], double[], long, int, boolean,
	 * RandomGenerator, double[])
	 */
	List<RankedItem> scored(UserSignals user, List<CandidateSignals> candidates, double[] expectedReward,
			double[] explorationBonus, long modelRewards, RandomGenerator random, double[] itemLifts) {
		return scored(user, candidates, expectedReward, explorationBonus, modelRewards, random, itemLifts,
				new HashSet<>());
	}

	private List<RankedItem> scored(UserSignals user, List<CandidateSignals> candidates, double[] expectedReward,
			double[] explorationBonus, long modelRewards, RandomGenerator random, double[] itemLifts,
			Set<String> vouched) {
		double rho = modelRewards / (modelRewards + this.modelConfidenceCount);
		List<PopularityBlend.Candidate> priorInput = new ArrayList<>(candidates.size());
		for (CandidateSignals c : candidates) {
			priorInput.add(new PopularityBlend.Candidate(c.itemId(), c.popularity(), c.trending(),
					user.known() ? c.interest() : 0, c.isNew()));
		}
		// the prior's score of each candidate, in the candidates' order
		List<PopularityBlend.Ranked> priors = this.prior.score(priorInput);
		List<RankedItem> ranked = new ArrayList<>(candidates.size());
		// one posterior per category and request (one draw, for Thompson sampling)
		Map<String, ClockLift.Estimate> lifts = new HashMap<>();
		for (int i = 0; i < candidates.size(); i++) {
			CandidateSignals c = candidates.get(i);
			PopularityBlend.Ranked p = priors.get(i);
			double rate = c.clickThroughRate();
			double exploit = rate + rho * expectedReward[i];
			double itemBonus = this.itemExploration * c.rateUncertainty() * (c.isNew() ? NEW_ITEM_EXPLORATION : 1);
			double clock = 0;
			double clockOptimism = 0;
			double liftMean = 1;
			if (this.clockWeight > 0) {
				// not computeIfAbsent: its lambda would capture c, one object per
				// candidate
				ClockLift.Estimate lift = lifts.get(c.category());
				if (lift == null) {
					lift = this.lift.estimate(random, c.categoryClicks(), c.categoryExposure(), c.liftPrior());
					lifts.put(c.category(), lift);
				}
				double base = this.clockWeight * rate;
				liftMean = lift.mean();
				clock = (lift.mean() - 1) * base;
				clockOptimism = (lift.optimistic() - lift.mean()) * base;
				if (lift.mean() >= VOUCHED) {
					vouched.add(c.category());
				}
			}
			double explore = rho * explorationBonus[i] + itemBonus + clockOptimism;
			double priorTerm = (1 - rho) * p.score();
			double kept = exploit + clock + priorTerm;
			if (itemLifts != null) {
				// raised whatever its sign
				kept += (itemLifts[i] - 1) * Math.abs(kept);
			}
			ranked.add(new RankedItem(c.itemId(), c.category(), kept + explore,
					reason(user, c, p, exploit, explore, clock, priorTerm), expectedReward[i],
					explorationBonus[i] + itemBonus + clockOptimism, clock, priorTerm, c.clickThroughRate(), liftMean,
					i));
		}
		return ranked;
	}

	/**
	 * The slate of items already scored (by {@link #rank}, their scores perhaps moved
	 * since): the top {@code count} by score, diversified as {@link #rank} does (a
	 * category whose lift {@link RankedItem#lift()} is at least {@value #VOUCHED} may
	 * take its share, the others one place). {@code rank(…, count, diversify, …)} equals
	 * {@code select(rank(…, n, false, …), count, diversify)}; a policy's propensities are
	 * estimated by re-selecting with re-drawn terms, without scoring everything again.
	 */
	public List<RankedItem> select(List<RankedItem> scored, int count, boolean diversify) {
		if (!diversify) {
			return TopK.of(scored, count, BEST_FIRST);
		}
		Set<String> vouched = new HashSet<>();
		if (this.clockWeight > 0) {
			for (RankedItem item : scored) {
				if (item.lift() >= VOUCHED) {
					vouched.add(item.category());
				}
			}
		}
		return diversified(scored, count, vouched);
	}

	/** Score, highest first; ties by item id. */
	private static final Comparator<RankedItem> BEST_FIRST = (a, b) -> {
		int byScore = Double.compare(b.score(), a.score());
		return (byScore != 0) ? byScore : a.itemId().compareTo(b.itemId());
	};

	private static Reason reason(UserSignals user, CandidateSignals c, PopularityBlend.Ranked prior, double exploit,
			double explore, double clock, double priorTerm) {
		if (!user.known()) {
			// everything a user with no history sees is a cold-start choice, unless it is
			// there to explore
			boolean exploring = explore > Math.max(exploit, Math.max(clock, priorTerm))
					|| (priorTerm >= Math.max(exploit, explore) && prior.reason() == PopularityBlend.Reason.NEW_ITEM);
			return exploring ? Reason.EXPLORE : Reason.COLD_START;
		}
		double top = Math.max(Math.max(exploit, explore), Math.max(clock, priorTerm));
		if (top == clock && clock > 0) {
			return Reason.INTEREST_CLOCK;
		}
		if (top == explore) {
			return Reason.EXPLORE;
		}
		if (top == priorTerm) {
			return switch (prior.reason()) {
				case NEW_ITEM -> Reason.EXPLORE;
				case INTEREST -> Reason.EXPLOIT;
				case TRENDING -> user.known() ? Reason.TRENDING : Reason.COLD_START;
			};
		}
		return Reason.EXPLOIT;
	}

	/**
	 * The greedy walk down the ranking, by partial selection: the candidates go into a
	 * heap (O(n)) and leave it best first only as far as the walk goes (O(log n) each),
	 * instead of sorting all n.
	 */
	private List<RankedItem> diversified(List<RankedItem> ranked, int count, Set<String> vouched) {
		int share = Math.max(1, (int) Math.ceil(count * this.maxCategoryShare));
		List<RankedItem> slate = new ArrayList<>(count);
		List<RankedItem> setAside = new ArrayList<>();
		Map<String, Integer> perCategory = new HashMap<>();
		PriorityQueue<RankedItem> heap = new PriorityQueue<>(Math.max(1, ranked.size()), BEST_FIRST);
		heap.addAll(ranked);
		while (!heap.isEmpty()) {
			if (slate.size() == count) {
				break;
			}
			RankedItem item = heap.poll();
			int taken = perCategory.getOrDefault(item.category(), 0);
			int cap = vouched.contains(item.category()) ? share : 1;
			if (taken < cap) {
				slate.add(item);
				perCategory.put(item.category(), taken + 1);
			}
			else {
				setAside.add(item);
			}
		}
		for (int i = 0; i < setAside.size() && slate.size() < count; i++) {
			slate.add(setAside.get(i));
		}
		return slate;
	}

}
