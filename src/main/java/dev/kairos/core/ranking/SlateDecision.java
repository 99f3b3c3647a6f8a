package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One request's choice of slate by a {@link ServingPolicy}, with the propensity of each
 * place: the probability that the policy, given this request's candidates and the same
 * state, puts this item in this place.
 * <ul>
 * <li>A deterministic policy (and ranking): 1 for every place.</li>
 * <li>An explored last place ({@link ExplorationSlot}): 1 above it, and the rule's exact
 * probability for the item in it.</li>
 * <li>A mixture of deterministic configurations (the meta-bandit):
 * {@code Σ_c p_c · P_c(item in place)}, exact.</li>
 * <li>A randomised policy (Thompson sampling), or a ranking that draws itself (the
 * Interest Clock's Thompson exploration): estimated by choosing the slate again with
 * {@code N} fresh draws from the same source, {@code (1 + hits)/(N + 1)} (the served draw
 * counts, so a served item never gets 0), with standard error at most
 * {@code 0.5/sqrt(N + 1)}.</li>
 * </ul>
 * Re-choosing does not score the candidates again: the blended score is linear in the
 * policy's terms ({@code + ρ·(μ + β)}, {@link SlateRanker}), so a draw shifts each score
 * by {@code ρ·Δ(μ + β)} and the slate is selected again from the shifted scores (unless
 * the ranking draws itself, which is then run again whole).
 *
 * <p>
 * With {@link ExposureConstraints}, the slate is the ranking's, re-ranked to meet them
 * ({@link ExposureConstraints#apply}: items swapped in from below take the places at the
 * end), and an explored last place draws only among the candidates that keep them
 * ({@link ExposureConstraints#keeps}). Both are deterministic given the scores, and every
 * re-choice above goes through them, so the propensities stay those of the slate served.
 */
final class SlateDecision {

	private final SlateRanker ranker;

	private final ServingPolicy policy;

	private final UserSignals user;

	private final List<CandidateSignals> candidates;

	private final List<String> ids;

	private final double[][] x;

	private final float[] userVector;

	/**
	 * Per candidate, the lift of its score ({@link SlateRanker#rank}), or {@code null}.
	 */
	private final double[] lifts;

	private final int count;

	private final boolean diversify;

	private final boolean rankerDraws;

	/**
	 * Whether other terms need the candidates scored again, not shifted: the ranking
	 * draws, or a lift scales the whole score.
	 */
	private final boolean rescore;

	private final ExposureConstraints constraints;

	/**
	 * What the constraints read of each candidate, or {@code null} without constraints.
	 */
	private final ExposureConstraints.Item[] described;

	SlateDecision(SlateRanker ranker, ServingPolicy policy, UserSignals user, List<CandidateSignals> candidates,
			List<String> ids, double[][] x, float[] userVector, double[] lifts, int count, boolean diversify) {
		this(ranker, policy, user, candidates, ids, x, userVector, lifts, count, diversify, ExposureConstraints.NONE);
	}

	SlateDecision(SlateRanker ranker, ServingPolicy policy, UserSignals user, List<CandidateSignals> candidates,
			List<String> ids, double[][] x, float[] userVector, double[] lifts, int count, boolean diversify,
			ExposureConstraints constraints) {
		this.ranker = ranker;
		this.policy = policy;
		this.user = user;
		this.candidates = candidates;
		this.ids = ids;
		this.x = x;
		this.userVector = userVector;
		this.lifts = lifts;
		this.count = count;
		this.diversify = diversify;
		this.rankerDraws = ranker.clockWeight() > 0 && ranker.lift().thompson();
		this.rescore = this.rankerDraws || lifts != null;
		this.constraints = constraints;
		if (constraints.isEmpty()) {
			this.described = null;
		}
		else {
			this.described = new ExposureConstraints.Item[candidates.size()];
			for (int i = 0; i < this.described.length; i++) {
				this.described[i] = describe(candidates.get(i));
			}
		}
	}

	/**
	 * What the exposure constraints read of a candidate: the group {@code new} if it is
	 * new, and for each of its string attributes the group {@code name=value} and the
	 * value.
	 */
	static ExposureConstraints.Item describe(CandidateSignals candidate) {
		Map<String, String> attributes = candidate.description().strings();
		List<String> groups = new ArrayList<>(attributes.size() + 1);
		if (candidate.isNew()) {
			groups.add(ExposureConstraints.NEW_ITEMS);
		}
		attributes.forEach((name, value) -> groups.add(name + '=' + value));
		return new ExposureConstraints.Item(groups, attributes);
	}

	/**
	 * The ranking's slate of the scored candidates ({@link SlateRanker#select}),
	 * re-ranked to meet the exposure constraints.
	 */
	private List<SlateRanker.RankedItem> select(List<SlateRanker.RankedItem> scored) {
		List<SlateRanker.RankedItem> greedy = this.ranker.select(scored, this.count, this.diversify);
		if (this.described == null) {
			return greedy;
		}
		// the ranking's slate first, then the other candidates best first
		Set<String> chosen = new HashSet<>();
		for (SlateRanker.RankedItem r : greedy) {
			chosen.add(r.itemId());
		}
		List<SlateRanker.RankedItem> others = new ArrayList<>(scored.size());
		for (SlateRanker.RankedItem r : scored) {
			if (!chosen.contains(r.itemId())) {
				others.add(r);
			}
		}
		others.sort(BEST_FIRST);
		List<SlateRanker.RankedItem> ordered = new ArrayList<>(greedy);
		ordered.addAll(others);
		return this.constraints.apply(ordered, this.count, (r) -> this.described[r.index()]);
	}

	private static final Comparator<SlateRanker.RankedItem> BEST_FIRST = Comparator
		.comparingDouble(SlateRanker.RankedItem::score)
		.reversed()
		.thenComparing(SlateRanker.RankedItem::itemId);

	Recommender.Slate decide(RandomGenerator random, int draws) {
		if (draws < 0) {
			throw new IllegalArgumentException("propensity draws must not be negative: " + draws);
		}
		List<ServingPolicy.Configuration> configurations = this.policy.configurations(this.ids, this.x);
		String variant = "";
		Recommender.Terms terms;
		if (configurations.isEmpty()) {
			terms = this.policy.terms(this.ids, this.x, this.userVector, this.candidates, random);
		}
		else {
			ServingPolicy.Configuration chosen = configurations.get(draw(configurations, random));
			terms = chosen.terms();
			variant = chosen.variant();
		}
		List<SlateRanker.RankedItem> all = scoreAll(terms, random);
		List<SlateRanker.RankedItem> slate = explore(select(all), all, random);
		double[] propensities = new double[slate.size()];
		boolean randomized = this.policy.randomized() || this.rankerDraws;
		if (randomized) {
			int[] hits = new int[slate.size()];
			for (int t = 0; t < draws; t++) {
				Recommender.Terms again = configurations.isEmpty()
						? this.policy.terms(this.ids, this.x, this.userVector, this.candidates, random)
						: configurations.get(draw(configurations, random)).terms();
				List<SlateRanker.RankedItem> redrawn = this.rescore ? scoreAll(again, random)
						: shifted(all, terms, again);
				List<SlateRanker.RankedItem> other = explore(select(redrawn), redrawn, random);
				for (int j = 0; j < slate.size() && j < other.size(); j++) {
					if (other.get(j).itemId().equals(slate.get(j).itemId())) {
						hits[j]++;
					}
				}
			}
			for (int j = 0; j < slate.size(); j++) {
				propensities[j] = (hits[j] + 1) / (double) (draws + 1);
			}
			return new Recommender.Slate(slate, this.x, terms, propensities, false, 0.5 / Math.sqrt(draws + 1), variant,
					this.user, this.candidates, null);
		}
		if (configurations.isEmpty()) {
			propensities = exact(all, slate);
		}
		else {
			for (ServingPolicy.Configuration c : configurations) {
				double[] p = exact(this.rescore ? scoreAll(c.terms(), random) : shifted(all, terms, c.terms()), slate);
				for (int j = 0; j < slate.size(); j++) {
					propensities[j] += c.probability() * p[j];
				}
			}
		}
		boolean deterministic = true;
		for (double p : propensities) {
			deterministic &= (p == 1.0);
		}
		// a mixture whose configurations all agree, or an explored place with one
		// candidate left, chose without chance
		return new Recommender.Slate(slate, this.x, terms, propensities, deterministic, 0, variant, this.user,
				this.candidates, null);
	}

	/**
	 * Every candidate scored by the ranking: best first when the policy explores the last
	 * place (its probabilities follow the ranking's order), else in the candidates'
	 * order, since {@link SlateRanker#select} chooses the same slate whatever the order
	 * (ties break on item id) and sorting all of them would be wasted.
	 */
	private List<SlateRanker.RankedItem> scoreAll(Recommender.Terms terms, RandomGenerator random) {
		if (this.policy.exploration().kind() == ExplorationSlot.Kind.NONE) {
			return this.ranker.scored(this.user, this.candidates, terms.expectedReward(), terms.explorationBonus(),
					terms.rewards(), random, this.lifts);
		}
		return this.ranker.rank(this.user, this.candidates, terms.expectedReward(), terms.explorationBonus(),
				terms.rewards(), this.candidates.size(), false, random, this.lifts);
	}

	/** The candidates scored with other terms: each score moved by ρ·Δ(μ + β). */
	private List<SlateRanker.RankedItem> shifted(List<SlateRanker.RankedItem> all, Recommender.Terms from,
			Recommender.Terms to) {
		double rho = from.rewards() / (from.rewards() + this.ranker.modelConfidenceCount());
		List<SlateRanker.RankedItem> moved = new ArrayList<>(all.size());
		for (SlateRanker.RankedItem r : all) {
			int i = r.index();
			double delta = (to.expectedReward()[i] + to.explorationBonus()[i])
					- (from.expectedReward()[i] + from.explorationBonus()[i]);
			moved.add(new SlateRanker.RankedItem(r.itemId(), r.category(), r.score() + rho * delta, r.reason(),
					to.expectedReward()[i],
					r.explorationBonus() + to.explorationBonus()[i] - from.explorationBonus()[i], r.clockTerm(),
					r.priorTerm(), r.itemRate(), r.lift(), i));
		}
		return moved;
	}

	/**
	 * The policy's explored last place: keeps the ranking's item or, by the rule's
	 * probabilities, gives the place to another remaining candidate.
	 */
	private List<SlateRanker.RankedItem> explore(List<SlateRanker.RankedItem> greedy, List<SlateRanker.RankedItem> all,
			RandomGenerator random) {
		ExplorationSlot slot = this.policy.exploration();
		if (slot.kind() == ExplorationSlot.Kind.NONE || greedy.isEmpty()) {
			return greedy;
		}
		int last = greedy.size() - 1;
		List<SlateRanker.RankedItem> remaining = remaining(greedy, all, last);
		int own = indexOf(remaining, greedy.get(last).itemId());
		double[] p = slot.probabilities(scores(remaining), own);
		double u = random.nextDouble();
		int pick = p.length - 1;
		double cumulative = 0;
		for (int i = 0; i < p.length; i++) {
			cumulative += p[i];
			if (u < cumulative) {
				pick = i;
				break;
			}
		}
		if (pick == own) {
			return greedy;
		}
		SlateRanker.RankedItem r = remaining.get(pick);
		List<SlateRanker.RankedItem> slate = new ArrayList<>(greedy.subList(0, last));
		slate.add(new SlateRanker.RankedItem(r.itemId(), r.category(), r.score(), Reason.EXPLORE, r.expectedReward(),
				r.explorationBonus(), r.clockTerm(), r.priorTerm(), r.itemRate(), r.lift(), r.index()));
		return slate;
	}

	/**
	 * The exact probability of each place of {@code slate} under deterministic terms
	 * whose candidates are scored as in {@code all}.
	 */
	private double[] exact(List<SlateRanker.RankedItem> all, List<SlateRanker.RankedItem> slate) {
		List<SlateRanker.RankedItem> greedy = select(all);
		double[] p = new double[slate.size()];
		boolean explored = this.policy.exploration().kind() != ExplorationSlot.Kind.NONE;
		int last = slate.size() - 1;
		boolean samePrefix = true;
		for (int j = 0; j < slate.size(); j++) {
			boolean same = j < greedy.size() && greedy.get(j).itemId().equals(slate.get(j).itemId());
			if (!(explored && j == last)) {
				p[j] = same ? 1 : 0;
				samePrefix &= same;
				continue;
			}
			if (!samePrefix || greedy.size() != slate.size()) {
				p[j] = 0;
				continue;
			}
			List<SlateRanker.RankedItem> remaining = remaining(greedy, all, last);
			double[] q = this.policy.exploration()
				.probabilities(scores(remaining), indexOf(remaining, greedy.get(last).itemId()));
			int served = indexOf(remaining, slate.get(j).itemId());
			p[j] = (served >= 0) ? q[served] : 0;
		}
		return p;
	}

	/**
	 * The candidates not placed above {@code last}, in the ranking's order; with exposure
	 * constraints, only those that keep them in the last place.
	 */
	private List<SlateRanker.RankedItem> remaining(List<SlateRanker.RankedItem> greedy,
			List<SlateRanker.RankedItem> all, int last) {
		Set<String> above = new HashSet<>();
		for (int j = 0; j < last; j++) {
			above.add(greedy.get(j).itemId());
		}
		List<ExposureConstraints.Item> slate = null;
		if (this.described != null) {
			slate = new ArrayList<>(greedy.size());
			for (SlateRanker.RankedItem r : greedy) {
				slate.add(this.described[r.index()]);
			}
		}
		String own = greedy.get(last).itemId();
		List<SlateRanker.RankedItem> remaining = new ArrayList<>(all.size() - last);
		for (SlateRanker.RankedItem r : all) {
			if (!above.contains(r.itemId()) && (slate == null || r.itemId().equals(own)
					|| this.constraints.keeps(slate, last, this.described[r.index()], this.count))) {
				remaining.add(r);
			}
		}
		return remaining;
	}

	private static double[] scores(List<SlateRanker.RankedItem> items) {
		double[] s = new double[items.size()];
		for (int i = 0; i < s.length; i++) {
			s[i] = items.get(i).score();
		}
		return s;
	}

	private static int indexOf(List<SlateRanker.RankedItem> items, String itemId) {
		for (int i = 0; i < items.size(); i++) {
			if (items.get(i).itemId().equals(itemId)) {
				return i;
			}
		}
		return -1;
	}

	private static int draw(List<ServingPolicy.Configuration> configurations, RandomGenerator random) {
		double u = random.nextDouble();
		double cumulative = 0;
		for (int j = 0; j < configurations.size(); j++) {
			cumulative += configurations.get(j).probability();
			if (u < cumulative) {
				return j;
			}
		}
		return configurations.size() - 1;
	}

}
