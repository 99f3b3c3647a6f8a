package dev.kairos.recommendations;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.kairos.core.interestclock.InterestClock;
import dev.kairos.core.ranking.CandidateSignals;
import dev.kairos.core.ranking.ExperimentAssignment;
import dev.kairos.core.ranking.ClockIntensity;
import dev.kairos.core.ranking.ClockLift;
import dev.kairos.core.ranking.Exposure;
import dev.kairos.core.ranking.FeatureVector;
import dev.kairos.core.ranking.ItemRates;
import dev.kairos.core.ranking.Reason;
import dev.kairos.core.ranking.SlateRanker;
import dev.kairos.core.ranking.SlateRanker.RankedItem;
import dev.kairos.core.ranking.UserSignals;
import dev.kairos.events.EventType;
import dev.kairos.features.FeatureSettings;
import dev.kairos.features.FeatureStore;
import dev.kairos.features.ItemFeatures;
import dev.kairos.features.RankedList;
import dev.kairos.features.RankedList.Kind;
import dev.kairos.features.StoreUnavailableException;
import dev.kairos.features.UserFeatures;
import dev.kairos.learning.Impression;
import dev.kairos.learning.ImpressionLog;
import dev.kairos.learning.LearningSettings;
import dev.kairos.learning.ModelStore;
import dev.kairos.learning.ServingModel;

/**
 * The request path. Candidates come from the store's ranked lists: the most popular,
 * trending and newest items overall, the popular and trending items of the categories the
 * user's Interest Clock favours at this hour (the global clock's, for a new user), and of
 * the user's long-term categories, and the items most often clicked together with the
 * user's latest items (co-clicked); consumed, retired and excluded items are removed.
 * Each candidate gets a feature vector ({@link FeatureVector}), the policy scores them,
 * and the {@link SlateRanker} blends in the Interest Clock and the cold-start prior,
 * diversifies and keeps the top k. The served slate is remembered for reward attribution
 * and logged, with what each impression adds to the item's and the user's exposure
 * ({@link Exposure}), for the worker to count when the client reports the impression.
 *
 * <p>
 * Round trips to Redis: the user, the ranked lists, the catalogue version and the
 * candidates' features, and the impression — five, whatever the number of candidates;
 * with the near cache ({@link dev.kairos.features.NearCachedFeatureStore}) lists and
 * features come from memory for most requests, leaving the user, the catalogue version
 * and the impression. The global clock and the population's base rate are cached for
 * {@link #GLOBAL_CLOCK_TTL_MILLIS}.
 */
public class RecommendationService {

	static final long GLOBAL_CLOCK_TTL_MILLIS = 5_000;

	private final FeatureStore store;

	private final FeatureSettings settings;

	private final SlateRanker ranker;

	private final ServingModel model;

	private final ModelStore modelStore;

	private final ImpressionLog impressions;

	private final LearningSettings learning;

	private final ExperimentAssignment experiment;

	private final int candidatesPerSource;

	private final int interestCategories;

	private final Duration newItemAge;

	private final int coClickedSeeds;

	private final int leastShownPerSource;

	/** How long after a store failure requests go straight to the fallback. */
	static final long STORE_RETRY_MILLIS = 1_000;

	/** The most popular items when the store last listed them (the degraded answer). */
	private volatile List<String> fallback = List.of();

	private volatile long storeDownUntil;

	private volatile CachedGlobal global = new CachedGlobal(null, 0, Long.MIN_VALUE);

	/** The global clock and the base rate, as last read. */
	private record CachedGlobal(InterestClock clock, double baseRate, long loadedAt) {
	}

	public RecommendationService(FeatureStore store, FeatureSettings settings, SlateRanker ranker, ServingModel model,
			ModelStore modelStore, ImpressionLog impressions, LearningSettings learning,
			ExperimentAssignment experiment, int candidatesPerSource, int interestCategories, Duration newItemAge,
			int coClickedSeeds, int leastShownPerSource) {
		this.coClickedSeeds = coClickedSeeds;
		this.leastShownPerSource = Math.min(leastShownPerSource, candidatesPerSource);
		this.experiment = experiment;
		this.store = store;
		this.settings = settings;
		this.ranker = ranker;
		this.model = model;
		this.modelStore = modelStore;
		this.impressions = impressions;
		this.learning = learning;
		this.candidatesPerSource = candidatesPerSource;
		this.interestCategories = interestCategories;
		this.newItemAge = newItemAge;
	}

	/**
	 * Recommends; while the feature store cannot be reached, answers from the most
	 * popular items it last listed, marked {@code degraded} (and for
	 * {@link #STORE_RETRY_MILLIS} after a failure does not wait for it again), so that a
	 * Redis outage costs personalisation, not availability. Before the store ever
	 * answered, its failure is the answer.
	 */
	public Recommendation recommend(RecommendationRequest request) {
		List<String> fallback = this.fallback;
		if (!fallback.isEmpty() && System.currentTimeMillis() < this.storeDownUntil) {
			return degraded(request, fallback);
		}
		try {
			return ranked(request);
		}
		catch (StoreUnavailableException ex) {
			this.storeDownUntil = System.currentTimeMillis() + STORE_RETRY_MILLIS;
			if (fallback.isEmpty()) {
				throw ex;
			}
			return degraded(request, fallback);
		}
	}

	private Recommendation degraded(RecommendationRequest request, List<String> fallback) {
		List<Recommendation.RecommendedItem> items = new ArrayList<>(request.count());
		for (String itemId : fallback) {
			if (items.size() == request.count()) {
				break;
			}
			if (!request.exclude().contains(itemId)) {
				items.add(new Recommendation.RecommendedItem(itemId, 0, 1.0, Reason.FALLBACK.wireName()));
			}
		}
		return new Recommendation(UUID.randomUUID().toString(), request.userId(), "fallback", 0, request.at(), false,
				true, items, null);
	}

	private Recommendation ranked(RecommendationRequest request) {
		long at = request.at().toEpochMilli();
		ZoneId zone = this.settings.zone();
		double hour = InterestClock.hourOfDay(request.at(), zone);
		UserFeatures user = this.store.user(request.userId());
		// with the Interest Clock switched off (weight 0) no clock enters candidates,
		// features
		// or score
		boolean clockOn = this.ranker.clockWeight() > 0;
		CachedGlobal population = global();
		double base = population.baseRate();
		ClockIntensity global = ClockIntensity.of(clockOn ? population.clock() : null, at);
		ClockIntensity own = ClockIntensity.of(clockOn ? user.clock() : null, at);
		double userWeight = (user.clock() != null)
				? user.clock().events() / (user.clock().events() + this.ranker.clockPriorEvents()) : 0;
		Map<String, Double> interests = interestsAt(user, at);

		Set<String> ids = new LinkedHashSet<>();
		Map<RankedList, List<String>> lists = this.store
			.top(sources(request.category(), interests, user, own, global, hour, userWeight), this.candidatesPerSource);
		lists.forEach((list, items) -> ids.addAll((list.kind() == Kind.LEAST_SHOWN)
				? items.subList(0, Math.min(items.size(), this.leastShownPerSource)) : items));
		if (request.category() == null) {
			List<String> popular = lists.get(RankedList.global(Kind.POPULAR));
			if (popular != null && !popular.isEmpty()) {
				this.fallback = List.copyOf(popular);
			}
		}
		ids.removeAll(user.consumedItems());
		ids.removeAll(request.exclude());

		List<ItemFeatures> features = new ArrayList<>(ids.size());
		for (ItemFeatures item : this.store.items(ids).values()) {
			if (item.recommendable() && (request.category() == null || request.category().equals(item.category()))) {
				features.add(item);
			}
		}
		ItemRates.Rate[] rates = ItemRates.of(features.stream()
			.map((item) -> new ItemRates.Counts(item.count(EventType.CLICK), item.exposure()))
			.toList(), base, itemPriorStrength(this.settings));
		Map<String, Double> liftPriors = liftPriors(this.ranker.lift(),
				features.stream().map(ItemFeatures::category).distinct().toList(), global, hour, user);
		List<CandidateSignals> candidates = new ArrayList<>(features.size());
		for (int i = 0; i < features.size(); i++) {
			ItemFeatures item = features.get(i);
			long created = (item.createdAt() != null) ? item.createdAt().toEpochMilli() : at;
			boolean isNew = created <= at && at - created < this.newItemAge.toMillis();
			double globalClock = global.at(item.category(), hour);
			candidates.add(new CandidateSignals(item.itemId(), item.category(),
					this.settings.popularity().valueAt(item.popularityLogSum(), at),
					this.settings.trending().valueAt(item.trendingLogSum(), at), rates[i].rate(),
					interests.getOrDefault(item.category(), 0.0),
					userWeight * own.at(item.category(), hour) + (1 - userWeight) * globalClock, globalClock, isNew,
					Math.max(0, at - created) / 3_600_000.0, rates[i].uncertainty(),
					user.blockClicks(item.category(), hour), user.clockExposure(item.category(), hour),
					liftPriors.get(item.category())));
		}

		long events = 0;
		for (long n : user.counts().values()) {
			events += n;
		}
		UserSignals userSignals = new UserSignals(user.known(), events,
				this.settings.clickThroughRate(user.count(EventType.CLICK), user.count(EventType.IMPRESSION)), hour);
		double[][] x = FeatureVector.build(userSignals, candidates);
		List<String> candidateIds = candidates.stream().map(CandidateSignals::itemId).toList();
		String policy = this.experiment.policyFor(request.userId());
		ServingModel.Scores scores = LearningSettings.usesModel(policy) ? this.model.score(policy, candidateIds, x)
				: new ServingModel.Scores(new double[x.length], new double[x.length],
						new double[FeatureVector.DIMENSION], 0, 0);
		List<RankedItem> ranked = this.ranker.rank(userSignals, candidates, scores.expectedReward(),
				scores.explorationBonus(), scores.rewards(), request.count(), request.category() == null,
				ThreadLocalRandom.current());

		String recommendationId = UUID.randomUUID().toString();
		List<Recommendation.RecommendedItem> items = new ArrayList<>(ranked.size());
		List<Impression.ShownItem> shown = new ArrayList<>(ranked.size());
		for (int position = 0; position < ranked.size(); position++) {
			RankedItem r = ranked.get(position);
			items.add(new Recommendation.RecommendedItem(r.itemId(), r.score(), 1.0, r.reason().wireName()));
			shown.add(new Impression.ShownItem(r.itemId(), position, 1.0, r.reason().wireName(), x[r.index()],
					Exposure.of(position, base, r.lift(), r.itemRate())));
		}
		Impression impression = new Impression(recommendationId, request.userId(), policy, scores.version(),
				request.at(), shown, this.learning.holdsOut(recommendationId));
		this.modelStore.remember(impression, this.learning.attributionWindow());
		this.impressions.log(impression);
		return new Recommendation(recommendationId, request.userId(), policy, scores.version(), request.at(),
				!user.known(), false, items, request.explain() ? explain(ranked, x, scores.theta()) : null);
	}

	/**
	 * The prior of each candidate category's Interest Clock lift: the global clock's
	 * intensity for it at the hour, relative to the other candidate categories', for a
	 * user whose own clock is empty; 1 (like everybody) for the others.
	 */
	private static Map<String, Double> liftPriors(ClockLift lift, List<String> categories, ClockIntensity global,
			double hour, UserFeatures user) {
		double[] intensities = new double[categories.size()];
		boolean seeded = user.clock() == null || user.clock().events() == 0;
		for (int i = 0; i < intensities.length; i++) {
			intensities[i] = seeded ? global.at(categories.get(i), hour) : 0;
		}
		double[] priors = lift.priorsFrom(intensities);
		Map<String, Double> byCategory = new HashMap<>();
		for (int i = 0; i < priors.length; i++) {
			byCategory.put(categories.get(i), priors[i]);
		}
		return byCategory;
	}

	private CachedGlobal global() {
		CachedGlobal cached = this.global;
		long now = System.currentTimeMillis();
		if (cached.clock() == null || now - cached.loadedAt() > GLOBAL_CLOCK_TTL_MILLIS) {
			cached = new CachedGlobal(this.store.globalClock(now), this.settings.baseRate(this.store.population()),
					now);
			this.global = cached;
		}
		return cached;
	}

	/**
	 * How many expected clicks weigh as much as the average item's quality in an item's
	 * rate ({@link ItemRates}): the smoothing prior's impressions at its rate.
	 */
	static double itemPriorStrength(FeatureSettings settings) {
		return settings.ctr().priorRate() * settings.ctr().priorStrength();
	}

	/** The user's decayed interest per category at the request time. */
	private Map<String, Double> interestsAt(UserFeatures user, long at) {
		Map<String, Double> interests = new LinkedHashMap<>();
		user.interestLogSums()
			.forEach((category, logSum) -> interests.put(category, this.settings.interest().valueAt(logSum, at)));
		return interests;
	}

	private List<RankedList> sources(String category, Map<String, Double> interests, UserFeatures user,
			ClockIntensity own, ClockIntensity global, double hour, double userWeight) {
		List<RankedList> sources = new ArrayList<>();
		if (category != null) {
			for (Kind kind : RankedList.CATALOGUE_KINDS) {
				sources.add(new RankedList(kind, category));
			}
			return sources;
		}
		for (Kind kind : RankedList.CATALOGUE_KINDS) {
			sources.add(RankedList.global(kind));
		}
		Set<String> categories = new LinkedHashSet<>();
		if (this.ranker.clockWeight() > 0) {
			Set<String> known = new LinkedHashSet<>(interests.keySet());
			if (user.clock() != null) {
				known.addAll(user.clock().categories());
			}
			globalCategories().forEach(known::add);
			// the categories the Interest Clock's lift may favour at this hour: those the
			// user clicks now, and those never or rarely shown to them now (its upper
			// bound; its mean with the default width 0, which puts a category never shown
			// at its prior, above those passed over)
			List<String> ordered = List.copyOf(known);
			Map<String, Double> priors = liftPriors(this.ranker.lift(), ordered, global, hour, user);
			Map<String, Double> bound = new HashMap<>();
			for (String c : ordered) {
				bound.put(c, this.ranker.lift()
					.upperBound(user.blockClicks(c, hour), user.clockExposure(c, hour), priors.get(c)));
			}
			ordered.stream()
				.sorted(Comparator.<String>comparingDouble((c) -> -bound.get(c))
					.thenComparing(Comparator.<String>comparingDouble(
							(c) -> -(userWeight * own.at(c, hour) + (1 - userWeight) * global.at(c, hour))))
					.thenComparing(Comparator.naturalOrder()))
				.limit(this.interestCategories)
				.forEach(categories::add);
		}
		interests.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
				.thenComparing(Map.Entry.comparingByKey()))
			.limit(this.interestCategories)
			.forEach((e) -> categories.add(e.getKey()));
		for (String c : categories) {
			sources.add(new RankedList(Kind.POPULAR, c));
			sources.add(new RankedList(Kind.TRENDING, c));
			sources.add(new RankedList(Kind.LEAST_SHOWN, c));
		}
		user.recentItems()
			.stream()
			.limit(this.coClickedSeeds)
			.forEach((item) -> sources.add(RankedList.coClicked(item)));
		return sources;
	}

	private Set<String> globalCategories() {
		InterestClock clock = this.global.clock();
		return (clock != null) ? clock.categories() : Set.of();
	}

	private static Map<String, Map<String, Object>> explain(List<RankedItem> ranked, double[][] x, double[] theta) {
		Map<String, Map<String, Object>> explanation = new LinkedHashMap<>();
		for (RankedItem r : ranked) {
			Map<String, Object> terms = new LinkedHashMap<>();
			terms.put("itemRate", r.itemRate());
			terms.put("lift", r.lift());
			terms.put("expectedReward", r.expectedReward());
			terms.put("explorationBonus", r.explorationBonus());
			terms.put("interestClock", r.clockTerm());
			terms.put("prior", r.priorTerm());
			terms.put("score", r.score());
			double[] features = x[r.index()];
			List<Integer> order = new ArrayList<>();
			for (int j = 0; j < features.length; j++) {
				order.add(j);
			}
			order.sort(Comparator.comparingDouble((Integer j) -> -Math.abs(theta[j] * features[j]))
				.thenComparing(Comparator.naturalOrder()));
			Map<String, Double> top = new LinkedHashMap<>();
			for (int j : order.subList(0, 3)) {
				top.put("x" + j, theta[j] * features[j]);
			}
			terms.put("topFeatures", top);
			explanation.put(r.itemId(), terms);
		}
		return explanation;
	}

}
