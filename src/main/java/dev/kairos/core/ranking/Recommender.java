package dev.kairos.core.ranking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

import dev.kairos.core.embedding.TowerSnapshot;
import dev.kairos.core.embedding.UserContext;
import dev.kairos.core.similarity.ItemCoOccurrence;
import dev.kairos.core.stats.ForwardDecay;
import dev.kairos.core.stats.SmoothedRate;

/**
 * One recommendation, from the user's state and what every user shares to the ranked
 * slate: the request path's whole decision, in plain Java (the service only reads the
 * user, calls this, and logs the slate).
 *
 * <ol>
 * <li><b>Candidates</b> come from the ranked lists ({@link CandidateSource}): the most
 * popular, trending, newest and least shown items overall; the popular, trending and
 * least shown items of the categories the user's Interest Clock lift may favour at this
 * hour (its upper bound, {@link ClockLift}; the global clock's prior for a new user) and
 * of the user's strongest long-term categories; and the items most often clicked with the
 * user's latest items (co-clicked); and, when a two-tower model is served, the items
 * nearest to the user's vector ({@link TowerSnapshot#nearest}: retrieved). With a
 * category asked, that category's lists only. Items the user clicked, bought or skipped,
 * items they viewed lately if {@code excludeViewed}, items the request excludes and items
 * not recommendable are removed. With the repeat rule on ({@link RepeatConsumption}), the
 * user's learned repeat share gives the first {@code round(count · r̂)} places to their
 * own clicked or bought items (not skipped ones), most recent first: those are the only
 * consumed items ever recommended, and with a share of 0 the slate is the one without the
 * rule.</li>
 * <li><b>Signals</b>: per candidate its {@link CandidateSignals} (the item's rate and
 * uncertainty from {@link ItemRates}, decayed popularity, trend and interest at the
 * request time, the clocks at the request's hour, the lift's counts and prior, its
 * co-occurrence similarity to the user's recent items, the towers' affinity, its tags and
 * attributes), and its {@link FeatureVector} (with the request's context).</li>
 * <li><b>Ranking</b>: the policy's terms ({@link Scorer}) blended by the
 * {@link SlateRanker}, diversified, top k.</li>
 * </ol>
 * Deterministic given its inputs and the random source (which only the Interest Clock's
 * Thompson sampling and the scorer draw from).
 */
public final class Recommender {

	private final Settings settings;

	/** The exposure of items served here not yet in the counts, or {@code null}. */
	private final PendingExposures pending;

	/** Whether, and how, places go to items the user consumed before. */
	private final RepeatConsumption repeats;

	/**
	 * How candidates are chosen and signals computed.
	 *
	 * @param ranker the blend, diversity and top k
	 * @param popularity the popularity decay
	 * @param trending the trending decay
	 * @param interest the user's category interest decay
	 * @param userRate the smoothing of a user's click-through rate
	 * @param itemPriorStrength how many expected clicks weigh as much as the average
	 * item's quality in an item's rate ({@link ItemRates})
	 * @param interestCategories how many categories the Interest Clock, and separately
	 * the long-term interests, add lists of
	 * @param newItemAgeMillis how long after its creation an item is new
	 * @param coClickedSeeds of how many of the user's latest items the co-clicked lists
	 * are read
	 * @param leastShownPerSource how many items of each least-shown list are candidates
	 * @param excludeViewed whether the items the user viewed lately are excluded too
	 * @param retrievedItems how many items the two-tower model retrieves (when one is
	 * served)
	 * @param coOccurrenceLift {@code w_co} ≥ 0: how much an item seen with the user's
	 * latest items is lifted ({@link #affinities}); 0 switches the term off
	 * @param clockSmoothingHours the width of the kernel the lift's tallies are read with
	 * around the request's hour ({@link UserState#tallies(double, double)}); 0 reads the
	 * hour's block of {@value UserState#HOURS_PER_BLOCK} hours alone
	 * @param countOwnServes whether the items served ({@link #served}) count in their
	 * exposure at once, until the snapshot's counts show them ({@link PendingExposures})
	 * @param learnCoOccurrenceLift whether, with {@code coOccurrenceLift} 0, the lift's
	 * weight is the one the served items' rewards say
	 * ({@link CandidateSource#affinityLift()})
	 * @param affinitySeeds of how many of the user's latest items the co-occurrence
	 * lift's affinity ({@link #affinities}) reads the co-clicked lists, ≥ 0: apart from
	 * {@code coClickedSeeds}, which says how many bring candidates
	 */
	public record Settings(SlateRanker ranker, ForwardDecay popularity, ForwardDecay trending, ForwardDecay interest,
			SmoothedRate userRate, double itemPriorStrength, int interestCategories, long newItemAgeMillis,
			int coClickedSeeds, int leastShownPerSource, boolean excludeViewed, int retrievedItems,
			double coOccurrenceLift, double clockSmoothingHours, boolean countOwnServes, boolean learnCoOccurrenceLift,
			int affinitySeeds) {

		public Settings {
			if (affinitySeeds < 0) {
				throw new IllegalArgumentException("affinitySeeds must be non-negative: " + affinitySeeds);
			}
			if (!(coOccurrenceLift >= 0) || Double.isInfinite(coOccurrenceLift)) {
				throw new IllegalArgumentException(
						"coOccurrenceLift must be non-negative and finite: " + coOccurrenceLift);
			}
			if (!(clockSmoothingHours >= 0) || Double.isInfinite(clockSmoothingHours)) {
				throw new IllegalArgumentException(
						"clockSmoothingHours must be non-negative and finite: " + clockSmoothingHours);
			}
		}

		/**
		 * Settings whose co-occurrence affinity reads as many of the user's latest items
		 * as bring co-clicked candidates.
		 */
		public Settings(SlateRanker ranker, ForwardDecay popularity, ForwardDecay trending, ForwardDecay interest,
				SmoothedRate userRate, double itemPriorStrength, int interestCategories, long newItemAgeMillis,
				int coClickedSeeds, int leastShownPerSource, boolean excludeViewed, int retrievedItems,
				double coOccurrenceLift, double clockSmoothingHours, boolean countOwnServes,
				boolean learnCoOccurrenceLift) {
			this(ranker, popularity, trending, interest, userRate, itemPriorStrength, interestCategories,
					newItemAgeMillis, coClickedSeeds, leastShownPerSource, excludeViewed, retrievedItems,
					coOccurrenceLift, clockSmoothingHours, countOwnServes, learnCoOccurrenceLift, coClickedSeeds);
		}

		/** Settings with a fixed co-occurrence lift (0: none). */
		public Settings(SlateRanker ranker, ForwardDecay popularity, ForwardDecay trending, ForwardDecay interest,
				SmoothedRate userRate, double itemPriorStrength, int interestCategories, long newItemAgeMillis,
				int coClickedSeeds, int leastShownPerSource, boolean excludeViewed, int retrievedItems,
				double coOccurrenceLift, double clockSmoothingHours, boolean countOwnServes) {
			this(ranker, popularity, trending, interest, userRate, itemPriorStrength, interestCategories,
					newItemAgeMillis, coClickedSeeds, leastShownPerSource, excludeViewed, retrievedItems,
					coOccurrenceLift, clockSmoothingHours, countOwnServes, false);
		}

		/** Settings that do not count their own serves ({@link PendingExposures}). */
		public Settings(SlateRanker ranker, ForwardDecay popularity, ForwardDecay trending, ForwardDecay interest,
				SmoothedRate userRate, double itemPriorStrength, int interestCategories, long newItemAgeMillis,
				int coClickedSeeds, int leastShownPerSource, boolean excludeViewed, int retrievedItems,
				double coOccurrenceLift, double clockSmoothingHours) {
			this(ranker, popularity, trending, interest, userRate, itemPriorStrength, interestCategories,
					newItemAgeMillis, coClickedSeeds, leastShownPerSource, excludeViewed, retrievedItems,
					coOccurrenceLift, clockSmoothingHours, false);
		}

		/**
		 * Settings retrieving {@link #DEFAULT_RETRIEVED_ITEMS} items by the towers,
		 * without the co-occurrence lift, reading the hour's block alone.
		 */
		public Settings(SlateRanker ranker, ForwardDecay popularity, ForwardDecay trending, ForwardDecay interest,
				SmoothedRate userRate, double itemPriorStrength, int interestCategories, long newItemAgeMillis,
				int coClickedSeeds, int leastShownPerSource, boolean excludeViewed) {
			this(ranker, popularity, trending, interest, userRate, itemPriorStrength, interestCategories,
					newItemAgeMillis, coClickedSeeds, leastShownPerSource, excludeViewed, DEFAULT_RETRIEVED_ITEMS, 0,
					0);
		}

		/**
		 * Settings retrieving {@code retrievedItems} items by the towers, without the
		 * co-occurrence lift, reading the hour's block alone.
		 */
		public Settings(SlateRanker ranker, ForwardDecay popularity, ForwardDecay trending, ForwardDecay interest,
				SmoothedRate userRate, double itemPriorStrength, int interestCategories, long newItemAgeMillis,
				int coClickedSeeds, int leastShownPerSource, boolean excludeViewed, int retrievedItems) {
			this(ranker, popularity, trending, interest, userRate, itemPriorStrength, interestCategories,
					newItemAgeMillis, coClickedSeeds, leastShownPerSource, excludeViewed, retrievedItems, 0, 0);
		}

	}

	/** How many items the towers retrieve by default. */
	public static final int DEFAULT_RETRIEVED_ITEMS = 50;

	/**
	 * How many of the user's latest items the {@code similar-to} features compare a
	 * candidate with (as many as the worker pairs an event with).
	 */
	public static final int SIMILARITY_SEEDS = 10;

	/**
	 * Co-occurrences at which a similarity is halved ({@link ItemCoOccurrence}'s β, as
	 * {@code GET /items/{id}/similar} uses it).
	 */
	public static final double SIMILARITY_SHRINKAGE = 2;

	/**
	 * What is asked.
	 *
	 * @param count the slate size, ≥ 1
	 * @param atMillis the request's time
	 * @param hourOfDay its hour of day, in [0, 24)
	 * @param category only this category, or {@code null}
	 * @param exclude items not to recommend
	 * @param context the request's context ({@code device → ios}), empty if none
	 */
	public record Request(int count, long atMillis, double hourOfDay, String category, Set<String> exclude,
			Map<String, String> context) {

		public Request {
			context = (context != null) ? Map.copyOf(context) : Map.of();
		}

		/** A request without context. */
		public Request(int count, long atMillis, double hourOfDay, String category, Set<String> exclude) {
			this(count, atMillis, hourOfDay, category, exclude, Map.of());
		}

	}

	/** The policy: its terms for the candidates' feature vectors. */
	@FunctionalInterface
	public interface Scorer {

		/** The expected reward and exploration bonus of each vector, in order. */
		Terms score(double[][] x);

		/**
		 * The terms with what a policy on learned representations reads besides the
		 * vectors (the neural-linear policy): the user tower's vector, {@code null} when
		 * no tower model is served, and the candidates. By default, {@link #score}.
		 */
		default Terms score(double[][] x, float[] userVector, List<CandidateSignals> candidates) {
			return score(x);
		}

	}

	/**
	 * A policy's terms.
	 *
	 * @param expectedReward μ per candidate
	 * @param explorationBonus β per candidate
	 * @param rewards how many rewards the model learned from
	 */
	public record Terms(double[] expectedReward, double[] explorationBonus, long rewards) {

		/** No model: every term 0. */
		public static Terms none(int candidates) {
			return new Terms(new double[candidates], new double[candidates], 0);
		}

	}

	/**
	 * The slate and what it was decided from.
	 *
	 * @param items the slate, best first
	 * @param features every candidate's feature vector
	 * ({@link SlateRanker.RankedItem#index()} points into it)
	 * @param terms the policy's terms (of the configuration used, for a mixing policy)
	 * @param propensities per place of the slate, the probability that the policy, in
	 * this request's context, put this item in this place
	 * @param deterministic whether no randomness chose the slate (every propensity 1)
	 * @param propensityError an upper bound of the propensities' standard error: 0 when
	 * exact, {@code 0.5/sqrt(draws + 1)} when estimated by Monte Carlo
	 * @param variant the configuration of a mixing policy used, else {@code ""}
	 * @param user what the features knew of the user and the request
	 * @param candidates every candidate's signals, in the order of {@code features}
	 * @param affinities every candidate's affinity with the user's latest items
	 * ({@link #affinities}), in the same order, or {@code null} if the lift is off
	 */
	public record Slate(List<SlateRanker.RankedItem> items, double[][] features, Terms terms, double[] propensities,
			boolean deterministic, double propensityError, String variant, UserSignals user,
			List<CandidateSignals> candidates, double[] affinities) {

		/**
		 * The same slate with each candidate's affinity ({@link Recommender#affinities}).
		 */
		Slate withAffinities(double[] affinities) {
			return new Slate(this.items, this.features, this.terms, this.propensities, this.deterministic,
					this.propensityError, this.variant, this.user, this.candidates, affinities);
		}

		/** The candidate's affinity with the user's latest items, 0 if not computed. */
		public double affinity(int index) {
			return (this.affinities != null) ? this.affinities[index] : 0;
		}

		/** The names of one candidate's features ({@link FeatureVector#names}). */
		public List<String> featureNames(int index) {
			return FeatureVector.names(this.user, this.candidates.get(index));
		}

	}

	public Recommender(Settings settings) {
		this(settings, RepeatConsumption.NEVER);
	}

	/**
	 * A recommender that gives places to the items a user consumed before by their
	 * learned repeat share ({@link RepeatConsumption}), if {@code repeats} is on.
	 */
	public Recommender(Settings settings, RepeatConsumption repeats) {
		this.settings = settings;
		this.pending = settings.countOwnServes() ? new PendingExposures() : null;
		this.repeats = repeats;
	}

	/** The repeat consumption rule. */
	public RepeatConsumption repeats() {
		return this.repeats;
	}

	/**
	 * Counts the slate's items as served: with {@code countOwnServes}, their exposure (as
	 * the slate log carries it, {@link Exposure}) counts at once in the next requests,
	 * until the source's counts show it.
	 * @param items the served slate, best first
	 * @param source the counts it was ranked with
	 */
	public void served(List<SlateRanker.RankedItem> items, CandidateSource source) {
		if (this.pending == null) {
			return;
		}
		ItemCatalogue catalogue = source.catalogue();
		double base = source.baseRate();
		for (int position = 0; position < items.size(); position++) {
			SlateRanker.RankedItem r = items.get(position);
			CatalogueItem item = catalogue.item(r.itemId());
			if (item != null) {
				this.pending.served(r.itemId(), Exposure.of(position, base, r.lift(), r.itemRate()).item(),
						item.exposure());
			}
		}
	}

	/** The settings. */
	public Settings settings() {
		return this.settings;
	}

	/** Recommends with a deterministic scorer. */
	public Slate recommend(Request request, UserState user, CandidateSource source, Scorer scorer,
			RandomGenerator random) {
		return recommend(request, user, source, ServingPolicy.of("scorer", scorer), random, 0);
	}

	/**
	 * Recommends, and says with what probability each item took its place
	 * ({@link ServingPolicy} for how each kind of policy randomises).
	 * @param propensityDraws how many times a randomised policy's terms are drawn again
	 * to estimate its propensities (each draw re-selects the slate: O(n log n))
	 */
	public Slate recommend(Request request, UserState user, CandidateSource source, ServingPolicy policy,
			RandomGenerator random, int propensityDraws) {
		return recommend(request, user, source, policy, random, propensityDraws, ExposureConstraints.NONE);
	}

	/**
	 * Recommends under exposure constraints (a minimum share of the slate for new items
	 * or an attribute's value, a maximum share per value), applied to the ranking's slate
	 * and to an explored place, so that the propensities are those of the slate served
	 * ({@link SlateDecision}).
	 * @see #recommend(Request, UserState, CandidateSource, ServingPolicy,
	 * RandomGenerator, int)
	 */
	public Slate recommend(Request request, UserState user, CandidateSource source, ServingPolicy policy,
			RandomGenerator random, int propensityDraws, ExposureConstraints constraints) {
		SlateRanker ranker = this.settings.ranker();
		long at = request.atMillis();
		double hour = request.hourOfDay();
		// with the Interest Clock switched off (weight 0) no clock enters candidates,
		// features or score
		boolean clockOn = ranker.clockWeight() > 0;
		ClockIntensity.Reading global = (clockOn ? source.globalIntensity() : ClockIntensity.of(null)).at(hour);
		ClockIntensity.Reading own = ClockIntensity.of(clockOn ? user.clock() : null).at(hour);
		double userWeight = (user.clock() != null)
				? user.clock().events() / (user.clock().events() + ranker.clockPriorEvents()) : 0;
		Map<String, Double> interests = interestsAt(user, at);
		UserState.BlockTallies tallies = user.tallies(hour, this.settings.clockSmoothingHours());

		ItemCatalogue catalogue = source.catalogue();
		CandidateSet ids = candidates(request.category(), interests, user, tallies, own, global, userWeight, source,
				catalogue);
		TowerSnapshot towers = source.towers();
		float[] userVector = null;
		if (towers != null) {
			userVector = towers.userVector(new UserContext(user.recentItems(), interests, hour));
			if (request.category() == null && this.settings.retrievedItems() > 0) {
				ConsumedItems consumed = user.consumed();
				for (TowerSnapshot.Scored s : towers.nearest(userVector, this.settings.retrievedItems(),
						(id) -> consumed.contains(id) || request.exclude().contains(id))) {
					ids.add(catalogue.slot(s.itemId()));
				}
			}
		}
		user.consumed().forEach((id) -> ids.remove(catalogue.slot(id)));
		if (this.settings.excludeViewed()) {
			for (String id : user.recentItems()) {
				ids.remove(catalogue.slot(id));
			}
		}
		for (String id : request.exclude()) {
			ids.remove(catalogue.slot(id));
		}

		// the candidates, each a slot of the catalogue, in the order they were drawn
		int asked = (request.category() != null) ? catalogue.category(request.category()) : ItemCatalogue.NONE;
		int[] slots = ids.slots();
		int n = 0;
		for (int slot : slots) {
			if (request.category() == null || catalogue.category(slot) == asked) {
				slots[n++] = slot;
			}
		}
		slots = java.util.Arrays.copyOf(slots, n);
		// the user's consumed items their repeat share gives places to, after the others
		// (none when the share rounds to 0 places: the slate is then the one without)
		int[] repeatSlots = repeatSlots(request, user, source, catalogue);
		int normal = n;
		if (repeatSlots.length > 0) {
			CandidateSet kept = CandidateSet.of(repeatSlots);
			int k = 0;
			for (int slot : slots) {
				if (kept.indexOf(slot) < 0) {
					slots[k++] = slot;
				}
			}
			normal = k;
			n = normal + repeatSlots.length;
			slots = java.util.Arrays.copyOf(slots, n);
			System.arraycopy(repeatSlots, 0, slots, normal, repeatSlots.length);
		}
		List<ItemRates.Counts> counts = new ArrayList<>(n);
		for (int slot : slots) {
			CatalogueItem item = catalogue.item(slot);
			counts.add(new ItemRates.Counts(item.clicks(),
					(this.pending != null) ? this.pending.exposure(item.itemId(), item.exposure()) : item.exposure()));
		}
		ItemRates.Rate[] rates = ItemRates.of(counts, source.baseRate(), this.settings.itemPriorStrength());
		CategorySignals categories = categorySignals(catalogue, slots, interests, own, global, userWeight, tallies,
				user);
		CandidateSignals.Similarity[] similarities = similarities(slots, user, catalogue, at);
		List<CandidateSignals> candidates = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			CatalogueItem item = catalogue.item(slots[i]);
			int c = catalogue.category(slots[i]);
			long created = item.createdAtKnown() ? item.createdAtMillis() : at;
			boolean isNew = created <= at && at - created < this.settings.newItemAgeMillis();
			// the category's one name of the catalogue: the later steps' look-ups by
			// category then hash one string per category, not one per candidate
			candidates.add(new CandidateSignals(item.itemId(), catalogue.categoryName(c),
					this.settings.popularity().valueAt(item.popularityLogSum(), at),
					this.settings.trending().valueAt(item.trendingLogSum(), at), rates[i].rate(),
					categories.interest()[c], categories.userClock()[c], categories.globalClock()[c], isNew,
					Math.max(0, at - created) / 3_600_000.0, rates[i].uncertainty(), categories.clicks()[c],
					categories.exposure()[c], categories.liftPrior()[c], item.description(), similarities[i],
					(userVector != null) ? towers.affinity(userVector, item.itemId()) : 0));
		}
		UserSignals userSignals = new UserSignals(user.known(), user.events(),
				this.settings.userRate().estimate(user.clicks(), user.impressions()), hour, request.context());
		double[][] x = FeatureVector.build(userSignals, candidates);
		if (x.length == 0) {
			return new Slate(List.of(), x, Terms.none(0), new double[0], true, 0, "", userSignals, candidates, null);
		}
		double[] lifts = null;
		double[] affinity = null;
		boolean learned = this.settings.learnCoOccurrenceLift() && this.settings.coOccurrenceLift() == 0;
		double weight = (this.settings.coOccurrenceLift() > 0) ? this.settings.coOccurrenceLift()
				: learned ? source.affinityLift().weight() : 0;
		if (weight > 0 || learned) {
			affinity = affinities(slots, user, source, this.settings.affinitySeeds());
		}
		if (weight > 0) {
			lifts = new double[affinity.length];
			for (int i = 0; i < lifts.length; i++) {
				lifts[i] = 1 + weight * affinity[i];
			}
		}
		List<String> candidateIds = new ArrayList<>(n);
		for (CandidateSignals c : candidates) {
			candidateIds.add(c.itemId());
		}
		if (normal < n) {
			return withRepeats(normal, request, policy, random, propensityDraws, constraints, userSignals, candidates,
					candidateIds, x, userVector, lifts, affinity);
		}
		return new SlateDecision(ranker, policy, userSignals, candidates, candidateIds, x, userVector, lifts,
				request.count(), request.category() == null, constraints)
			.decide(random, propensityDraws)
			.withAffinities(affinity);
	}

	/**
	 * The slots of the user's consumed items that take repeat places
	 * ({@link RepeatConsumption}): as many as their share gives, most recent first, each
	 * recommendable, not excluded and of the category asked; none with the rule off.
	 */
	private int[] repeatSlots(Request request, UserState user, CandidateSource source, ItemCatalogue catalogue) {
		int places = this.repeats.places(request.count(), user.repeatCounts(), source.repeatCounts());
		List<String> repeatable = (places == 0) ? List.of() : user.consumed().repeatable();
		if (repeatable.isEmpty()) {
			return new int[0];
		}
		int asked = (request.category() != null) ? catalogue.category(request.category()) : ItemCatalogue.NONE;
		List<String> ids = RepeatConsumption.items(repeatable, places, (id) -> {
			int slot = catalogue.slot(id);
			return slot != ItemCatalogue.NONE && !request.exclude().contains(id)
					&& (request.category() == null || catalogue.category(slot) == asked);
		});
		int[] slots = new int[ids.size()];
		for (int i = 0; i < slots.length; i++) {
			slots[i] = catalogue.slot(ids.get(i));
		}
		return slots;
	}

	/**
	 * The slate with repeat places: the candidates from {@code normal} on (the user's
	 * consumed items, most recent first) take the first places, deterministically
	 * (propensity 1, reason {@link Reason#REPEAT}, scored with their rate), and the
	 * policy decides the other places among the other candidates, as it would a slate of
	 * that size. Every candidate keeps its features, so that the served repeat items are
	 * logged and learned from as the others are.
	 */
	private Slate withRepeats(int normal, Request request, ServingPolicy policy, RandomGenerator random,
			int propensityDraws, ExposureConstraints constraints, UserSignals userSignals,
			List<CandidateSignals> candidates, List<String> candidateIds, double[][] x, float[] userVector,
			double[] lifts, double[] affinity) {
		int n = candidates.size();
		int repeated = n - normal;
		int rest = request.count() - repeated;
		Slate decided = (normal > 0 && rest > 0)
				? new SlateDecision(this.settings.ranker(), policy, userSignals, candidates.subList(0, normal),
						candidateIds.subList(0, normal), java.util.Arrays.copyOf(x, normal), userVector,
						(lifts != null) ? java.util.Arrays.copyOf(lifts, normal) : null, rest,
						request.category() == null, constraints)
					.decide(random, propensityDraws)
				: new Slate(List.of(), x, Terms.none(normal), new double[0], true, 0, "", userSignals, candidates,
						null);
		List<SlateRanker.RankedItem> items = new ArrayList<>(repeated + decided.items().size());
		double[] propensities = new double[repeated + decided.items().size()];
		for (int i = normal; i < n; i++) {
			CandidateSignals c = candidates.get(i);
			double rate = c.clickThroughRate();
			propensities[items.size()] = 1.0;
			items
				.add(new SlateRanker.RankedItem(c.itemId(), c.category(), rate, Reason.REPEAT, 0, 0, 0, 0, rate, 1, i));
		}
		System.arraycopy(decided.propensities(), 0, propensities, repeated, decided.items().size());
		items.addAll(decided.items());
		// the policy's terms for every candidate, 0 for the repeat ones it did not score
		Terms terms = new Terms(java.util.Arrays.copyOf(decided.terms().expectedReward(), n),
				java.util.Arrays.copyOf(decided.terms().explorationBonus(), n), decided.terms().rewards());
		return new Slate(items, x, terms, propensities, decided.deterministic(), decided.propensityError(),
				decided.variant(), userSignals, candidates, null)
			.withAffinities(affinity);
	}

	/**
	 * What the candidates' categories read, once per category rather than per candidate:
	 * each array indexed by the catalogue's category numbers, filled for the categories
	 * of the candidates.
	 */
	private record CategorySignals(double[] interest, double[] userClock, double[] globalClock, double[] clicks,
			double[] exposure, double[] liftPrior) {

	}

	/**
	 * The candidates' categories' signals: the user's interest, the clocks at the hour,
	 * the lift's tallies and its prior (relative to the other candidate categories', in
	 * the order they first appear among the candidates).
	 */
	private CategorySignals categorySignals(ItemCatalogue catalogue, int[] slots, Map<String, Double> interests,
			ClockIntensity.Reading own, ClockIntensity.Reading global, double userWeight,
			UserState.BlockTallies tallies, UserState user) {
		int m = catalogue.categories();
		CategorySignals signals = new CategorySignals(new double[m], new double[m], new double[m], new double[m],
				new double[m], new double[m]);
		boolean[] seen = new boolean[m];
		List<String> names = new ArrayList<>();
		List<Integer> numbers = new ArrayList<>();
		for (int slot : slots) {
			int c = catalogue.category(slot);
			if (seen[c]) {
				continue;
			}
			seen[c] = true;
			String category = catalogue.categoryName(c);
			names.add(category);
			numbers.add(c);
			double globalClock = global.of(category);
			signals.interest()[c] = interests.getOrDefault(category, 0.0);
			signals.globalClock()[c] = globalClock;
			signals.userClock()[c] = userWeight * own.of(category) + (1 - userWeight) * globalClock;
			signals.clicks()[c] = tallies.clicks(category);
			signals.exposure()[c] = tallies.exposure(category);
		}
		double[] priors = liftPriors(names, global, user);
		for (int k = 0; k < priors.length; k++) {
			signals.liftPrior()[numbers.get(k)] = priors[k];
		}
		return signals;
	}

	/**
	 * Each candidate's co-occurrence similarity to the user's latest items: the shrunk
	 * cosine of {@link ItemCoOccurrence}, from the latest items' partner lists (so a
	 * request walks at most {@link #SIMILARITY_SEEDS} lists, not candidates × items).
	 * @param slots the candidates
	 * @return per candidate, in order
	 */
	private CandidateSignals.Similarity[] similarities(int[] slots, UserState user, ItemCatalogue catalogue, long at) {
		CandidateSignals.Similarity[] similarities = new CandidateSignals.Similarity[slots.length];
		java.util.Arrays.fill(similarities, CandidateSignals.Similarity.NONE);
		List<String> seeds = user.recentItems().stream().distinct().limit(SIMILARITY_SEEDS).toList();
		if (seeds.isEmpty() || slots.length == 0) {
			return similarities;
		}
		CandidateSet index = CandidateSet.of(slots);
		double[] max = new double[slots.length];
		double[] sum = new double[slots.length];
		String[] nearest = new String[slots.length];
		boolean[] reached = new boolean[slots.length];
		ForwardDecay decay = this.settings.popularity();
		int read = 0;
		for (String seed : seeds) {
			int anchor = catalogue.slot(seed);
			read++;
			if (anchor == ItemCatalogue.NONE) {
				continue;
			}
			int[] partners = catalogue.partners(anchor);
			double[] logSums = catalogue.partnerLogSums(anchor);
			// the anchor's decayed occurrences once per seed, not once per partner
			double anchorOccurrences = decay.valueAt(catalogue.item(anchor).popularityLogSum(), at);
			for (int p = 0; p < partners.length; p++) {
				int i = index.indexOf(partners[p]);
				if (i < 0) {
					continue;
				}
				double sim = ItemCoOccurrence.similarity(decay.valueAt(logSums[p], at), anchorOccurrences,
						decay.valueAt(catalogue.item(partners[p]).popularityLogSum(), at), SIMILARITY_SHRINKAGE);
				reached[i] = true;
				if (sim > max[i]) {
					max[i] = sim;
					nearest[i] = seed;
				}
				sum[i] += sim;
			}
		}
		for (int i = 0; i < slots.length; i++) {
			if (reached[i]) {
				similarities[i] = new CandidateSignals.Similarity(max[i], sum[i] / read, nearest[i]);
			}
		}
		return similarities;
	}

	/**
	 * Each candidate's affinity with the user's latest items, in [0, 1]: over the
	 * {@code seeds} latest (the most recent weighing most, the s-th {@code 1/(s + 1)}),
	 * the weighted mean of the candidate's place in the seed's co-occurrence list, the
	 * seed itself first, discounted as a slate's places are ({@link Exposure#discount}: 1
	 * for the seed, 0 if not a partner). What this user just viewed, clicked or bought
	 * says which items they want now, at the item level, where the category lift cannot:
	 * in worlds where users browse on their own and on retail baskets it decided the
	 * most.
	 * @param slots the candidates
	 */
	static double[] affinities(int[] slots, UserState user, CandidateSource source, int seeds) {
		double[] affinity = new double[slots.length];
		List<String> latest = user.recentItems().stream().limit(seeds).toList();
		if (latest.isEmpty()) {
			return affinity;
		}
		ItemCatalogue catalogue = source.catalogue();
		CandidateSet index = CandidateSet.of(slots);
		double total = 0;
		for (int s = 0; s < latest.size(); s++) {
			double weight = 1.0 / (s + 1);
			total += weight;
			// an item is its own strongest partner: what the user just viewed (and may
			// see again unless views exclude) is as much with their latest items as can
			// be; its partners take the places after it
			int seed = catalogue.slot(latest.get(s));
			int own = index.indexOf(seed);
			if (own >= 0) {
				affinity[own] += weight * Exposure.discount(0);
			}
			if (seed == ItemCatalogue.NONE) {
				continue;
			}
			int[] partners = source.coClicked(seed);
			for (int p = 0; p < partners.length; p++) {
				int i = index.indexOf(partners[p]);
				if (i >= 0) {
					affinity[i] += weight * Exposure.discount(p + 1);
				}
			}
		}
		for (int i = 0; i < affinity.length; i++) {
			affinity[i] /= total;
		}
		return affinity;
	}

	/**
	 * The prior of each category's Interest Clock lift, in the order given: the global
	 * clock's intensity for it at the hour, relative to the other categories', for a user
	 * whose own clock is empty; 1 (like everybody) for the others.
	 */
	private double[] liftPriors(List<String> categories, ClockIntensity.Reading global, UserState user) {
		double[] intensities = new double[categories.size()];
		boolean seeded = user.clockEmpty();
		for (int i = 0; i < intensities.length; i++) {
			intensities[i] = seeded ? global.of(categories.get(i)) : 0;
		}
		return this.settings.ranker().lift().priorsFrom(intensities);
	}

	/** The user's decayed interest per category at the request time. */
	private Map<String, Double> interestsAt(UserState user, long at) {
		Map<String, Double> interests = new LinkedHashMap<>();
		user.interestLogSums()
			.forEach((category, logSum) -> interests.put(category, this.settings.interest().valueAt(logSum, at)));
		return interests;
	}

	/**
	 * The candidates drawn from the lists, as slots in the order drawn: the asked
	 * category's lists alone, or the whole catalogue's, those of the categories the
	 * Interest Clock's lift may favour and of the user's strongest interests, and the
	 * co-clicked items of the user's latest items.
	 */
	private CandidateSet candidates(String category, Map<String, Double> interests, UserState user,
			UserState.BlockTallies tallies, ClockIntensity.Reading own, ClockIntensity.Reading global,
			double userWeight, CandidateSource source, ItemCatalogue catalogue) {
		CandidateSet ids = new CandidateSet(256);
		int leastShown = this.settings.leastShownPerSource();
		if (category != null) {
			int asked = catalogue.category(category);
			if (asked != ItemCatalogue.NONE) {
				for (CandidateSource.ListKind kind : CandidateSource.ListKind.values()) {
					add(ids, catalogue.list(kind, asked), kind, leastShown);
				}
			}
			return ids;
		}
		for (CandidateSource.ListKind kind : CandidateSource.ListKind.values()) {
			add(ids, catalogue.list(kind, ItemCatalogue.NONE), kind, leastShown);
		}
		Set<String> categories = new LinkedHashSet<>();
		SlateRanker ranker = this.settings.ranker();
		if (ranker.clockWeight() > 0) {
			Set<String> known = new LinkedHashSet<>(interests.keySet());
			if (user.clock() != null) {
				known.addAll(user.clock().categories());
			}
			known.addAll(source.clockCategories());
			// the categories the Interest Clock's lift may favour at this hour: those the
			// user clicks now, and those never or rarely shown to them now (its upper
			// bound; its mean with the default width 0, which puts a category never shown
			// at its prior, above those passed over)
			List<String> ordered = List.copyOf(known);
			double[] priors = liftPriors(ordered, global, user);
			double[] bound = new double[ordered.size()];
			double[] clock = new double[ordered.size()];
			List<Integer> indices = new ArrayList<>(ordered.size());
			for (int i = 0; i < ordered.size(); i++) {
				String c = ordered.get(i);
				bound[i] = ranker.lift().upperBound(tallies.clicks(c), tallies.exposure(c), priors[i]);
				clock[i] = userWeight * own.of(c) + (1 - userWeight) * global.of(c);
				indices.add(i);
			}
			for (int i : TopK.of(indices, this.settings.interestCategories(),
					Comparator.<Integer>comparingDouble((k) -> -bound[k])
						.thenComparing(Comparator.<Integer>comparingDouble((k) -> -clock[k]))
						.thenComparing(ordered::get))) {
				categories.add(ordered.get(i));
			}
		}
		for (Map.Entry<String, Double> e : TopK.of(interests.entrySet(), this.settings.interestCategories(),
				Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
					.thenComparing(Map.Entry.comparingByKey()))) {
			categories.add(e.getKey());
		}
		for (String name : categories) {
			int c = catalogue.category(name);
			if (c == ItemCatalogue.NONE) {
				continue;
			}
			add(ids, catalogue.list(CandidateSource.ListKind.POPULAR, c), CandidateSource.ListKind.POPULAR, leastShown);
			add(ids, catalogue.list(CandidateSource.ListKind.TRENDING, c), CandidateSource.ListKind.TRENDING,
					leastShown);
			add(ids, catalogue.list(CandidateSource.ListKind.LEAST_SHOWN, c), CandidateSource.ListKind.LEAST_SHOWN,
					leastShown);
		}
		user.recentItems().stream().limit(this.settings.coClickedSeeds()).forEach((item) -> {
			int slot = catalogue.slot(item);
			if (this.settings.coOccurrenceLift() > 0) {
				ids.add(slot);
			}
			if (slot != ItemCatalogue.NONE) {
				ids.addAll(source.coClicked(slot));
			}
		});
		return ids;
	}

	private static void add(CandidateSet ids, int[] list, CandidateSource.ListKind kind, int leastShown) {
		ids.addAll(list, (kind == CandidateSource.ListKind.LEAST_SHOWN) ? leastShown : list.length);
	}

}
